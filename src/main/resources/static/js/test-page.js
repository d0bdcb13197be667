/*
 * Confero test page: what an application does with OpenVidu, in one small file.
 *   1. REST (normally done by the application's backend; here by the page, with the secret you type):
 *      POST /openvidu/api/sessions                  -> the session (409 = it already exists, fine)
 *      POST /openvidu/api/sessions/{id}/connection  -> a token
 *   2. openvidu-browser: connect with the token, publish camera + microphone, subscribe to everyone else.
 */
'use strict';

(() => {
    const $ = (id) => document.getElementById(id);
    const form = $('join-form');
    const joinButton = $('join');
    const leaveButton = $('leave');
    const statusLine = $('status');
    const logList = $('log');
    const videos = $('videos');

    let session = null;
    let publisher = null;

    $('nickname').value = 'Participant' + Math.floor(Math.random() * 1000);

    // ---- messages on screen ------------------------------------------------------------------------------------

    function log(text, kind) {
        const item = document.createElement('li');
        item.className = kind || 'info';
        item.textContent = new Date().toLocaleTimeString() + '  ' + text;
        logList.prepend(item);
    }

    function status(text, kind) {
        statusLine.textContent = text;
        statusLine.className = 'status ' + (kind || 'info');
        log(text, kind);
    }

    /** Errors come as OpenViduError (name + message), JSON-RPC errors (code + message), Error, or strings. */
    function describe(error) {
        if (!error) {
            return 'unknown error';
        }
        if (typeof error === 'string') {
            return error;
        }
        if (error.name && error.message) {
            return error.name + ': ' + error.message;
        }
        if (error.code !== undefined && error.message) {
            return error.message + ' (code ' + error.code + ')';
        }
        return error.message || JSON.stringify(error);
    }

    if (typeof OpenVidu === 'undefined') {
        status('openvidu-browser did not load (js/openvidu-browser.min.js): this page cannot work.', 'error');
        joinButton.disabled = true;
        return;
    }
    if (!window.isSecureContext) {
        log('This page is not served over HTTPS (nor from localhost): browsers only give camera and microphone '
            + 'to secure pages, so you will join without publishing.', 'warning');
    }

    // ---- REST API ----------------------------------------------------------------------------------------------

    function basicAuth(secret) {
        const bytes = new TextEncoder().encode('OPENVIDUAPP:' + secret);
        return 'Basic ' + btoa(String.fromCharCode(...bytes));
    }

    async function api(path, secret, body) {
        let response;
        try {
            response = await fetch('openvidu/api' + path, {
                method: 'POST',
                // The explicit Authorization header is still sent; 'omit' keeps the browser from popping up its own
                // login dialog when the server answers 401 with "WWW-Authenticate: Basic" (wrong secret).
                credentials: 'omit',
                headers: { 'Authorization': basicAuth(secret), 'Content-Type': 'application/json' },
                body: JSON.stringify(body)
            });
        } catch (e) {
            throw new Error('cannot reach the REST API: ' + e.message);
        }
        const text = await response.text();
        let json = null;
        try {
            json = text ? JSON.parse(text) : null;
        } catch (ignored) {
            // not JSON: reported below with the status
        }
        return { status: response.status, json, text };
    }

    function restError(what, answer) {
        if (answer.status === 401) {
            return new Error(what + ': wrong secret (HTTP 401). Use the server\'s OPENVIDU_SECRET.');
        }
        const detail = answer.json && answer.json.message ? answer.json.message : answer.text.slice(0, 200);
        return new Error(what + ' failed: HTTP ' + answer.status + (detail ? ' - ' + detail : ''));
    }

    async function createToken(sessionName, secret, nickname) {
        const created = await api('/sessions', secret, { customSessionId: sessionName });
        if (created.status === 200) {
            log('Session "' + sessionName + '" created.');
        } else if (created.status === 409) {
            log('Session "' + sessionName + '" already exists: joining it.');
        } else {
            throw restError('Creating the session', created);
        }
        const connection = await api('/sessions/' + encodeURIComponent(sessionName) + '/connection', secret,
            { role: 'PUBLISHER', data: JSON.stringify({ nickname }) });
        if (connection.status !== 200 || !connection.json || !connection.json.token) {
            throw restError('Creating the connection', connection);
        }
        return connection.json.token;
    }

    // ---- participants and videos -------------------------------------------------------------------------------

    /** openvidu-browser exposes Connection.data as "<clientData>%/%<serverData>"; either may hold the nickname. */
    function nicknameOf(connection) {
        for (const part of String(connection.data || '').split('%/%')) {
            try {
                const parsed = JSON.parse(part);
                if (parsed && (parsed.clientData || parsed.nickname)) {
                    return String(parsed.clientData || parsed.nickname);
                }
            } catch (ignored) {
                // not JSON
            }
        }
        return connection.connectionId;
    }

    function isMine(connection) {
        return !!session && !!session.connection && connection.connectionId === session.connection.connectionId;
    }

    function addTile(stream) {
        const tile = document.createElement('figure');
        tile.className = 'tile remote';
        tile.dataset.streamId = stream.streamId;
        const video = document.createElement('div');
        video.className = 'video';
        const caption = document.createElement('figcaption');
        caption.textContent = nicknameOf(stream.connection);
        tile.append(video, caption);
        videos.append(tile);
        return video;
    }

    function removeTile(streamId) {
        for (const tile of videos.querySelectorAll('figure.remote')) {
            if (tile.dataset.streamId === streamId) {
                tile.remove();
            }
        }
    }

    async function subscribe(stream) {
        const name = nicknameOf(stream.connection);
        try {
            const subscriber = await session.subscribeAsync(stream, addTile(stream), { insertMode: 'APPEND' });
            subscriber.on('streamPlaying', () => log('Receiving video from ' + name + '.', 'success'));
        } catch (e) {
            log('Cannot subscribe to ' + name + ': ' + describe(e), 'error');
        }
    }

    // ---- join / leave ------------------------------------------------------------------------------------------

    function setConnected(connected) {
        for (const input of form.querySelectorAll('input')) {
            input.disabled = connected;
        }
        joinButton.disabled = connected;
        leaveButton.disabled = !connected;
    }

    function cleanUp() {
        session = null;
        publisher = null;
        for (const tile of videos.querySelectorAll('figure.remote')) {
            tile.remove();
        }
        $('local-video').replaceChildren();
        $('local-name').textContent = 'You';
        setConnected(false);
    }

    function listen(s) {
        s.on('connectionCreated', (e) => {
            if (!isMine(e.connection)) {
                log(nicknameOf(e.connection) + ' is in the session.');
            }
        });
        s.on('connectionDestroyed', (e) => log(nicknameOf(e.connection) + ' left (' + e.reason + ').'));
        s.on('streamCreated', (e) => subscribe(e.stream));
        s.on('streamDestroyed', (e) => {
            removeTile(e.stream.streamId);
            if (!isMine(e.stream.connection)) {
                log(nicknameOf(e.stream.connection) + ' stopped publishing (' + e.reason + ').');
            }
        });
        s.on('reconnecting', () => status('Connection to the server lost: reconnecting...', 'warning'));
        s.on('reconnected', () => status('Reconnected.', 'success'));
        s.on('exception', (e) => log(e.name + ': ' + e.message, 'error'));
        s.on('sessionDisconnected', (e) => {
            if (e.reason === 'disconnect') {
                status('You left the session.', 'info');
            } else {
                status('Disconnected by the server (reason: ' + e.reason + ').', 'error');
            }
            cleanUp();
        });
    }

    async function publish(OV, nickname) {
        try {
            publisher = await OV.initPublisherAsync('local-video', {
                insertMode: 'APPEND',
                publishAudio: true,
                publishVideo: true,
                resolution: '640x480',
                frameRate: 30,
                mirror: true
            });
        } catch (e) {
            status('Joined, but the camera/microphone is not available (' + describe(e) + '). '
                + 'You can still see the others.', 'warning');
            return;
        }
        publisher.on('streamPlaying', () => log('Your camera is playing.'));
        try {
            await session.publish(publisher);
            $('local-name').textContent = nickname + ' (you)';
            status('Connected to "' + session.sessionId + '" and publishing as ' + nickname + '.', 'success');
        } catch (e) {
            status('Joined, but publishing failed: ' + describe(e), 'error');
        }
    }

    async function join(event) {
        event.preventDefault();
        const sessionName = $('session-name').value.trim();
        const secret = $('secret').value;
        const nickname = $('nickname').value.trim();
        setConnected(true);
        leaveButton.disabled = true;
        try {
            status('Getting a token...');
            const token = await createToken(sessionName, secret, nickname);

            status('Connecting to the session...');
            const OV = new OpenVidu();
            session = OV.initSession();
            listen(session);
            await session.connect(token, { clientData: nickname });
            leaveButton.disabled = false;
            status('Connected to "' + sessionName + '". Starting camera and microphone...');
            await publish(OV, nickname);
        } catch (e) {
            const failed = session;
            cleanUp();
            if (failed) {
                failed.off('sessionDisconnected'); // keep this error on screen, not "You left the session"
                try {
                    failed.disconnect();
                } catch (ignored) {
                    // was not connected
                }
            }
            status('Could not join: ' + describe(e), 'error');
        }
    }

    function leave() {
        if (session) {
            session.disconnect(); // sessionDisconnected (reason "disconnect") cleans up
        }
    }

    form.addEventListener('submit', join);
    leaveButton.addEventListener('click', leave);
    window.addEventListener('pagehide', leave);
})();
