/*
 * Media set-up benchmark, Confero side (MediaSetupBenchmark): participants keyed by name, each its own OpenVidu
 * object and session. H.call(name, args, callback) as in the test harness. Times are performance.now() deltas in ms.
 */
'use strict';

window.H = (() => {
    const parts = {}; // key -> { OV, session, streams: {streamId: Stream}, publisher, subscribers: {streamId: Subscriber}, rpc: {} }

    /** Every JSON-RPC round trip of the participant, by method (last one kept). */
    function instrument(part) {
        const send = part.OV.sendRequest.bind(part.OV);
        part.OV.sendRequest = (method, params, callback) => {
            if (params instanceof Function) {
                callback = params;
                params = {};
            }
            const t0 = performance.now();
            part.sent.push({ method, at: t0 });
            send(method, params, (error, response) => {
                part.rpc[method] = performance.now() - t0;
                if (callback) {
                    callback(error, response);
                }
            });
        };
    }

    function element() {
        const div = document.createElement('div');
        document.getElementById('media').append(div);
        return div;
    }

    const api = {
        async join(key, token) {
            const part = { OV: new OpenVidu(), streams: {}, subscribers: {}, rpc: {}, sent: [] };
            part.OV.enableProdMode();
            instrument(part);
            part.session = part.OV.initSession();
            part.session.on('streamCreated', (e) => { part.streams[e.stream.streamId] = e.stream; });
            part.session.on('streamDestroyed', (e) => { delete part.streams[e.stream.streamId]; });
            parts[key] = part;
            const t0 = performance.now();
            await part.session.connect(token);
            return { connectMs: performance.now() - t0, joinRoomMs: part.rpc.joinRoom };
        },

        async publish(key) {
            const part = parts[key];
            const t0 = performance.now();
            const publisher = await part.OV.initPublisherAsync(element(), {
                insertMode: 'APPEND', resolution: '320x240', frameRate: 15
            });
            const initialized = performance.now() - t0; // openvidu-browser's initPublisher: no server request in it
            await part.session.publish(publisher);
            part.publisher = publisher;
            const phases = benchPhases(publisher.stream.getRTCPeerConnection(), t0);
            phases.initPublisher = initialized;
            // What the step asked the server, and when: publishVideo should be all of it.
            part.sent.filter((r) => r.at >= t0).forEach((r) => { phases['sent ' + r.method] = r.at - t0; });
            return { ms: performance.now() - t0, rpcMs: part.rpc.publishVideo, streamId: publisher.stream.streamId,
                phases };
        },

        async unpublish(key) {
            const part = parts[key];
            await part.session.unpublish(part.publisher);
            return {};
        },

        /** Whether the participant has been told of the stream yet. */
        async hasStream(key, streamId) {
            return !!parts[key].streams[streamId];
        },

        /** subscribe() until the Subscriber's streamPlaying (its video can play). */
        subscribe(key, streamId) {
            const part = parts[key];
            return new Promise((resolve, reject) => {
                const t0 = performance.now();
                let answered = null;
                const subscriber = part.session.subscribe(part.streams[streamId], element(),
                    { insertMode: 'APPEND' }, (error) => {
                        if (error) {
                            reject(error);
                        }
                        answered = performance.now() - t0;
                    });
                part.subscribers[streamId] = subscriber;
                let watched = false;
                const watch = setInterval(() => {
                    const pc = subscriber.stream.getRTCPeerConnection && subscriber.stream.getRTCPeerConnection();
                    if (pc && !watched) {
                        watched = true;
                        clearInterval(watch);
                        benchWatchVideo(pc);
                    }
                }, 2);
                subscriber.on('streamPlaying', () => {
                    clearInterval(watch);
                    const pc = subscriber.stream.getRTCPeerConnection();
                    resolve({
                        ms: performance.now() - t0, answeredMs: answered, rpcMs: part.rpc.receiveVideoFrom,
                        phases: benchPhases(pc, t0), counts: benchCounts(pc)
                    });
                });
            });
        },

        /** Several participants subscribing at once. */
        async subscribeAll(keys, streamId) {
            return Promise.all(keys.map((key) => api.subscribe(key, streamId)));
        },

        async unsubscribe(key, streamId) {
            const part = parts[key];
            await part.session.unsubscribe(part.subscribers[streamId]);
            delete part.subscribers[streamId];
            return {};
        },

        async leave(key) {
            parts[key].session.disconnect();
            delete parts[key];
            return {};
        }
    };
    api.call = benchCall(api);
    return api;
})();
