package io.confero.session;

import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.MediaException;
import io.confero.mediaport.StreamMedia;
import io.confero.mediaport.SessionMedia;
import java.net.URI;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * IP cameras (REST connections of type IPCAM): the server publishes the camera's media into the session with a
 * Kurento PlayerEndpoint. The camera is an active connection at once (platform IPCAM, no role, no token) with one
 * stream everybody may subscribe to like any other; it activates the session and keeps it alive while it stays.
 * Removed like any connection (REST DELETE). Blocking: call off I/O threads.
 */
@Component
public class IpCameraService {

    private static final Logger log = LoggerFactory.getLogger(IpCameraService.class);
    /** A random part of a camera's id colliding in one session is unlikely; drawing this many times, impossible. */
    private static final int ID_ATTEMPTS = 5;

    private final SessionMediaProvider mediaProvider;
    private final IdGenerator ids;
    private final Clock clock;
    private final SessionListeners listeners;
    private final CallEvents events;

    public IpCameraService(SessionMediaProvider mediaProvider, IdGenerator ids, Clock clock, SessionListeners listeners,
            CallEvents events) {
        this.events = events;
        this.mediaProvider = mediaProvider;
        this.ids = ids;
        this.clock = clock;
        this.listeners = listeners;
    }

    /**
     * Publishes the camera of {@code properties} (an IPCAM connection whose rtspUri was validated). Everyone in
     * gets participantJoined and participantPublished.
     *
     * @throws OpenViduException 203 if the session closed, 204 if it has no pipeline, 303 if KMS refused the
     *                           player (then nothing of the camera is left)
     */
    public ConnectionSnapshot publish(Session session, ConnectionProperties properties) {
        SessionMedia sessionMedia = mediaProvider.of(session);
        URI uri = URI.create(properties.rtspUri());
        String connectionId = unusedConnectionId(session, uri);
        String streamId = ids.streamId("IPCAM", true, connectionId);
        StreamMedia media;
        try {
            media = sessionMedia.createIpCamera(streamId, properties.rtspUri(), !properties.adaptativeBitrate(),
                    properties.networkCache(), properties.onlyPlayWithSubscribers(), loggedEvents(streamId));
        } catch (MediaException e) {
            throw MediaErrors.translate(e);
        }
        // OpenVidu announces a camera as publishing audio and video, whatever the source carries.
        StreamSnapshot.MediaOptions options = new StreamSnapshot.MediaOptions(true, true, true, true, "IPCAM", null,
                null, null);
        StreamTable.CameraAdded added;
        try {
            added = session.inOrder(() -> {
                StreamTable.CameraAdded done = session.addIpCamera(connectionId, clock.millis(), properties,
                        uri.getHost(), streamId, options, sessionMedia, media);
                if (done != null) {
                    done.others().forEach(other -> {
                        other.participantJoined(done.camera());
                        other.participantPublished(connectionId, done.stream());
                    });
                }
                return done;
            });
        } catch (RuntimeException e) {
            media.release();
            throw e;
        }
        if (added == null) {
            media.release();
            throw new OpenViduException(ErrorCode.ROOM_CLOSED, "Session " + session.id() + " is closed");
        }
        events.participantJoined(session, added.camera());
        events.streamCreated(session, connectionId, added.stream(), properties);
        listeners.streamPublished(session, new PublishedStream(added.camera(), added.stream(), media));
        log.info("IP camera {} publishes {} in session {}", connectionId, properties.rtspUri(), session.id());
        return added.camera();
    }

    private String unusedConnectionId(Session session, URI uri) {
        for (int i = 0; i < ID_ATTEMPTS; i++) {
            String id = ids.ipCameraConnectionId(uri);
            if (session.connection(id).isEmpty()) {
                return id;
            }
        }
        throw new ConnectionIdTakenException(ids.ipCameraConnectionId(uri));
    }

    /** Nobody negotiates a camera's media: its events are only logged, as OpenVidu does. */
    private static MediaEvents loggedEvents(String streamId) {
        return new MediaEvents() {
            @Override
            public void iceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
                // a PlayerEndpoint has no ICE
            }

            @Override
            public void mediaError(String error) {
                log.warn("IP camera stream {}: {}", streamId, error);
            }
        };
    }
}
