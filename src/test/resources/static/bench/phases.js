/*
 * Media set-up benchmark: wraps RTCPeerConnection so that each connection records when (performance.now()) its
 * answer was applied, its first candidates went out and came in, and its ICE and DTLS states changed.
 */
'use strict';

(() => {
    const Native = window.RTCPeerConnection;
    function once(times, key) {
        if (times[key] === undefined) {
            times[key] = performance.now();
        }
    }
    function Timed(...args) {
        const pc = new Native(...args);
        const times = { created: performance.now() };
        pc.benchTimes = times;
        pc.addEventListener('iceconnectionstatechange', () => once(times, 'ice-' + pc.iceConnectionState));
        pc.addEventListener('connectionstatechange', () => once(times, 'pc-' + pc.connectionState));
        pc.addEventListener('icecandidate', (e) => e.candidate && once(times, 'localCandidate'));
        const setRemote = pc.setRemoteDescription.bind(pc);
        pc.setRemoteDescription = (d, ...rest) => {
            once(times, 'answer');
            return setRemote(d, ...rest);
        };
        const addCandidate = pc.addIceCandidate.bind(pc);
        pc.addIceCandidate = (c, ...rest) => {
            once(times, 'remoteCandidate');
            return addCandidate(c, ...rest);
        };
        return pc;
    }
    Timed.prototype = Native.prototype;
    Object.setPrototypeOf(Timed, Native);
    window.RTCPeerConnection = Timed;

    /** The phases of a connection, in ms since {@code t0}. */
    window.benchPhases = (pc, t0) => {
        const out = {};
        Object.entries((pc && pc.benchTimes) || {}).forEach(([k, v]) => { out[k] = v - t0; });
        return out;
    };
})();
