// Run by Confero in the tab of a CUSTOM recording layout (Runtime.evaluate): captures this tab and offers it to
// KMS. Answers the offer (ICE gathered) and the browser's candidates; the peer connection is kept out of the
// page's sight for the answer and KMS's candidates, which Confero passes in later.
(async (options) => {
    const stream = await navigator.mediaDevices.getDisplayMedia({
        video: { width: options.width, height: options.height, frameRate: options.frameRate },
        audio: options.audio,
        preferCurrentTab: true,
        selfBrowserSurface: 'include',
        surfaceSwitching: 'exclude',
        systemAudio: 'exclude'
    });
    const pc = new RTCPeerConnection({ iceServers: [] });
    const candidates = [];
    const gathered = new Promise((resolve) => {
        pc.onicecandidate = (event) => {
            if (event.candidate) {
                candidates.push({ candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid,
                    sdpMLineIndex: event.candidate.sdpMLineIndex });
            } else {
                resolve();
            }
        };
        setTimeout(resolve, options.gatherMillis);
    });
    stream.getTracks().forEach((track) => pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] }));
    await pc.setLocalDescription(await pc.createOffer());
    await gathered;
    Object.defineProperty(window, options.handle, { value: { pc, stream }, enumerable: false });
    return { sdp: pc.localDescription.sdp, candidates, audio: stream.getAudioTracks().length > 0 };
})(__OPTIONS__)
