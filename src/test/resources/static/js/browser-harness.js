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

    /** A stream property's new value as plain JSON (a Filter refers back to its Stream). */
    function plainValue(property, value) {
        if (property === 'filter') {
            return value ? { type: value.type, options: value.options } : null;
        }
        return value === undefined ? null : value;
    }

    function remoteConnection(connectionId) {
        const connection = session.remoteConnections.get(connectionId);
        if (!connection) {
            throw new Error('No remote connection ' + connectionId);
        }
        return connection;
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

    /** Sum of framesDecoded over the inbound video RTP streams of a peer connection. */
    async function framesDecoded(pc) {
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
            session.on('recordingStarted', (e) => record('recordingStarted', { id: e.id, name: e.name }));
            session.on('recordingStopped', (e) =>
                record('recordingStopped', { id: e.id, name: e.name, reason: e.reason }));
            session.on('signal', (e) => record('signal', {
                signalType: e.type === undefined ? null : e.type,
                data: e.data === undefined ? null : e.data,
                from: e.from ? e.from.connectionId : null
            }));
            session.on('streamPropertyChanged', (e) => record('streamPropertyChanged', {
                streamId: e.stream.streamId,
                property: e.changedProperty,
                newValue: plainValue(e.changedProperty, e.newValue),
                reason: e.reason
            }));
            await session.connect(token, clientData === undefined || clientData === null ? undefined : { clientData });
            return {
                connectionId: session.connection.connectionId,
                role: session.connection.role,
                data: session.connection.data
            };
        },

        /**
         * Publishes the camera. With {@code options.subscribeToRemote} the Publisher shows its stream as the server
         * sends it back (doLoopback); it is then set up as apps do, subscribeToRemote() right after initPublisher.
         */
        async publish(options) {
            const properties = { insertMode: 'APPEND', resolution: '320x240', frameRate: 15 };
            if (options && options.subscribeToRemote) {
                publisher = OV.initPublisher('local', properties);
                publisher.subscribeToRemote();
            } else {
                publisher = await OV.initPublisherAsync('local', properties);
            }
            publisher.on('streamDestroyed', (e) => record('publisherStreamDestroyed', { reason: e.reason }));
            publisher.on('streamPlaying', () => record('publisherPlaying', {}));
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

        /** Session.signal to everyone ({@code to} empty) or to the given remote connections. */
        async signal(type, data, to) {
            await session.signal({ type, data, to: (to || []).map(remoteConnection) });
            return {};
        },

        async publishAudio(enabled) {
            publisher.publishAudio(enabled);
            return {};
        },

        async applyFilter(type, options) {
            const filter = await publisher.stream.applyFilter(type, options);
            return { type: filter.type, options: filter.options };
        },

        /** Listens to an event of the own stream's filter; each one is recorded as a filterEvent. */
        async addFilterEventListener(eventType) {
            await publisher.stream.filter.addEventListener(eventType, (e) =>
                record('filterEvent', { eventType: e.type, data: e.data === undefined ? null : String(e.data) }));
            return {};
        },

        async removeFilter() {
            await publisher.stream.removeFilter();
            return {};
        },

        async forceDisconnect(connectionId) {
            await session.forceDisconnect(remoteConnection(connectionId));
            return {};
        },

        /** Session.forceUnpublish of the stream a remote connection publishes. */
        async forceUnpublish(connectionId) {
            await session.forceUnpublish(remoteConnection(connectionId).stream);
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

        /** The iceConnectionState of the Publisher's and of each Subscriber's RTCPeerConnection. */
        async iceStates() {
            const states = {};
            const own = publisher && publisher.stream.getRTCPeerConnection();
            if (own) {
                states.publisher = own.iceConnectionState;
            }
            for (const [streamId, subscriber] of Object.entries(subscribers)) {
                const pc = subscriber.stream.getRTCPeerConnection();
                if (pc) {
                    states[streamId] = pc.iceConnectionState;
                }
            }
            return states;
        },

        /** Sum of framesDecoded over the inbound video RTP streams of the Subscriber's RTCPeerConnection. */
        async subscriberFramesDecoded(streamId) {
            const subscriber = subscribers[streamId];
            return subscriber ? framesDecoded(subscriber.stream.getRTCPeerConnection()) : null;
        },

        /**
         * The Publisher's <video> and what feeds it: {@code remote} when it shows exactly the tracks its
         * RTCPeerConnection receives (subscribeToRemote), with the transceivers' negotiated directions.
         */
        async publisherVideo() {
            const video = publisher && publisher.videos.length ? publisher.videos[0].video : null;
            const pc = publisher && publisher.stream.getRTCPeerConnection();
            const info = videoInfo(video);
            if (info && pc) {
                const received = pc.getReceivers().map((r) => r.track).filter((t) => !!t);
                const shown = video.srcObject ? video.srcObject.getTracks() : [];
                info.remote = shown.length > 0 && shown.every((t) => received.includes(t));
                info.shownKinds = shown.map((t) => t.kind).sort();
                info.directions = pc.getTransceivers().map((t) => t.currentDirection);
            }
            return info;
        },

        /**
         * How colourful the Publisher's <video> is: the mean over its pixels of max(r,g,b) - min(r,g,b), 0 for a
         * grey picture (so a desaturating filter shows); null until it has a picture.
         */
        async publisherChroma() {
            const video = publisher && publisher.videos.length ? publisher.videos[0].video : null;
            if (!video || !video.videoWidth) {
                return null;
            }
            const canvas = document.createElement('canvas');
            canvas.width = 64;
            canvas.height = 48;
            const context = canvas.getContext('2d');
            context.drawImage(video, 0, 0, canvas.width, canvas.height);
            const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
            let sum = 0;
            for (let i = 0; i < pixels.length; i += 4) {
                const r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
                sum += Math.max(r, g, b) - Math.min(r, g, b);
            }
            return sum / (pixels.length / 4);
        },

        /** framesDecoded of the video the Publisher's own RTCPeerConnection receives (subscribeToRemote). */
        async publisherFramesDecoded() {
            return publisher ? framesDecoded(publisher.stream.getRTCPeerConnection()) : null;
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
