/*
 * Test harness around the real openvidu-browser (served only in tests). Selenium calls
 *   H.call(name, args, callback)   from executeAsyncScript: runs H[name](...args), then callback({ok, value|error});
 *   H.events                       every event seen, as plain JSON (type + fields), in order.
 * Every Subscriber is created automatically on streamCreated (like a typical app).
 */
'use strict';

window.H = (() => {
    const events = [];
    const subscribers = {}; // streamId -> Subscriber
    let OV = null;
    let session = null;
    let publisher = null;

    function record(type, fields) {
        events.push(Object.assign({ type, at: Date.now() }, fields));
    }

    function plainError(e) {
        if (e === null || e === undefined) {
            return { message: String(e) };
        }
        if (typeof e === 'string') {
            return { message: e };
        }
        return { name: e.name, code: e.code, message: e.message || JSON.stringify(e) };
    }

    function connectionFields(connection) {
        return {
            connectionId: connection.connectionId,
            data: connection.data === undefined ? null : connection.data,
            mine: !!session.connection && connection.connectionId === session.connection.connectionId
        };
    }

    function streamFields(stream) {
        return {
            streamId: stream.streamId,
            connectionId: stream.connection ? stream.connection.connectionId : null,
            data: stream.connection ? stream.connection.data : null
        };
    }

    async function subscribe(stream) {
        const target = document.createElement('div');
        document.getElementById('remote').append(target);
        try {
            const subscriber = await session.subscribeAsync(stream, target, { insertMode: 'APPEND' });
            subscribers[stream.streamId] = subscriber;
            subscriber.on('streamPlaying', () => record('subscriberPlaying', { streamId: stream.streamId }));
            record('subscribed', { streamId: stream.streamId });
        } catch (e) {
            record('subscribeError', Object.assign({ streamId: stream.streamId }, plainError(e)));
        }
    }

    function videoInfo(video) {
        if (!video) {
            return null;
        }
        return {
            videoWidth: video.videoWidth,
            videoHeight: video.videoHeight,
            readyState: video.readyState,
            paused: video.paused,
            currentTime: video.currentTime
        };
    }

    const api = {
        events,

        async join(token, clientData) {
            OV = new OpenVidu();
            session = OV.initSession();
            session.on('connectionCreated', (e) => record('connectionCreated', connectionFields(e.connection)));
            session.on('connectionDestroyed', (e) =>
                record('connectionDestroyed', Object.assign(connectionFields(e.connection), { reason: e.reason })));
            session.on('streamCreated', (e) => {
                record('streamCreated', streamFields(e.stream));
                subscribe(e.stream);
            });
            session.on('streamDestroyed', (e) =>
                record('streamDestroyed', Object.assign(streamFields(e.stream), { reason: e.reason })));
            session.on('sessionDisconnected', (e) => record('sessionDisconnected', { reason: e.reason }));
            session.on('exception', (e) => record('exception', { name: e.name, message: e.message }));
            session.on('reconnecting', () => record('reconnecting', {}));
            session.on('reconnected', () => record('reconnected', {}));
            await session.connect(token, clientData === undefined || clientData === null ? undefined : { clientData });
            return {
                connectionId: session.connection.connectionId,
                role: session.connection.role,
                data: session.connection.data
            };
        },

        async publish() {
            publisher = await OV.initPublisherAsync('local', {
                insertMode: 'APPEND',
                resolution: '320x240',
                frameRate: 15
            });
            publisher.on('streamDestroyed', (e) => record('publisherStreamDestroyed', { reason: e.reason }));
            try {
                await session.publish(publisher);
            } catch (e) {
                record('publishError', plainError(e));
                throw e;
            }
            record('published', { streamId: publisher.stream.streamId });
            return { streamId: publisher.stream.streamId };
        },

        async unpublish() {
            await session.unpublish(publisher);
            return {};
        },

        async leave() {
            if (session) {
                session.disconnect();
            }
            return {};
        },

        /** The Subscriber's <video> (what the user would see). */
        async subscriberVideo(streamId) {
            const subscriber = subscribers[streamId];
            return subscriber ? videoInfo(subscriber.videos.length ? subscriber.videos[0].video : null) : null;
        },

        async localVideo() {
            return videoInfo(document.querySelector('#local video'));
        },

        /** Sum of framesDecoded over the inbound video RTP streams of the Subscriber's RTCPeerConnection. */
        async subscriberFramesDecoded(streamId) {
            const subscriber = subscribers[streamId];
            if (!subscriber) {
                return null;
            }
            const pc = subscriber.stream.getRTCPeerConnection();
            if (!pc) {
                return null;
            }
            let frames = 0;
            (await pc.getStats()).forEach((report) => {
                if (report.type === 'inbound-rtp' && report.kind === 'video') {
                    frames += report.framesDecoded || 0;
                }
            });
            return { framesDecoded: frames, iceConnectionState: pc.iceConnectionState };
        },

        call(name, args, callback) {
            let result;
            try {
                result = Promise.resolve(api[name](...(args || [])));
            } catch (e) {
                result = Promise.reject(e);
            }
            result.then(
                (value) => callback({ ok: true, value: value === undefined ? null : value }),
                (e) => callback({ ok: false, error: plainError(e) }));
        }
    };
    return api;
})();
