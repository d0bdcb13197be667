/*
 * Media set-up benchmark, loaded by both its pages (Confero's and the floor's): wraps RTCPeerConnection so that each connection records when (performance.now()) its
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

    /**
     * Watches a receiving connection's video (every 10 ms) until it has decoded a frame: records its first video
     * packet and first decoded frame, and what it took (PLI/FIR requests sent, key frames decoded).
     */
    window.benchWatchVideo = (pc) => {
        const times = pc.benchTimes;
        const poll = setInterval(async () => {
            if (pc.connectionState === 'closed') {
                clearInterval(poll);
                return;
            }
            (await pc.getStats()).forEach((r) => {
                if (r.type === 'inbound-rtp' && r.kind === 'video') {
                    if (r.packetsReceived > 0) {
                        once(times, 'firstVideoPacket');
                    }
                    if (r.framesDecoded > 0 && times.firstFrame === undefined) {
                        times.firstFrame = performance.now();
                        pc.benchCounts = { pliSent: r.pliCount || 0, firSent: r.firCount || 0,
                            keyFramesDecoded: r.keyFramesDecoded || 0 };
                        clearInterval(poll);
                    }
                }
            });
        }, 10);
    };

    /** The phases of a connection, in ms since {@code t0}. */
    window.benchPhases = (pc, t0) => {
        const out = {};
        Object.entries((pc && pc.benchTimes) || {}).forEach(([k, v]) => { out[k] = v - t0; });
        return out;
    };

    /**
     * The page's H.call(name, args, callback) for Selenium (as in the test harness): runs api[name](...args), then
     * callback({ok, value}) or callback({ok: false, error}).
     */
    window.benchCall = (api) => (name, args, callback) => {
        let result;
        try {
            result = Promise.resolve(api[name](...(args || [])));
        } catch (e) {
            result = Promise.reject(e);
        }
        result.then((value) => callback({ ok: true, value: value === undefined ? null : value }),
            (e) => callback({ ok: false, error: { name: e && e.name, message: String(e && (e.message || e)) } }));
    };

    /** What the connection's video took to start (see benchWatchVideo), as counts. */
    window.benchCounts = (pc) => (pc && pc.benchCounts) || {};
})();
