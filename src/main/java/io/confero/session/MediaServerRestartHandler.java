package io.confero.session;

import io.confero.media.KurentoConnection;
import io.confero.media.MediaServerRestartListener;
import io.confero.media.PublisherMedia;
import io.confero.media.RoomMedia;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a restart of Kurento Media Server does to the sessions, as OpenVidu does it: each one with a pipeline loses
 * it with every stream and subscription, its recording stops, and everyone in, owners included, hears
 * participantUnpublished (reason {@code mediaServerReconnect}) for each stream. Participants stay joined and
 * publish again (new stream ids), which creates a new pipeline. The old Kurento objects are gone already;
 * releasing them only tidies up.
 */
@Component
public class MediaServerRestartHandler implements MediaServerRestartListener {

    static final String REASON = "mediaServerReconnect";
    private static final Logger log = LoggerFactory.getLogger(MediaServerRestartHandler.class);

    private final SessionRegistry registry;
    private final SessionListeners listeners;
    private final KurentoConnection kurento;
    private final CallEvents events;

    public MediaServerRestartHandler(SessionRegistry registry, SessionListeners listeners,
            KurentoConnection kurento, CallEvents events) {
        this.registry = registry;
        this.events = events;
        this.listeners = listeners;
        this.kurento = kurento;
    }

    @PostConstruct
    void listen() {
        kurento.addRestartListener(this);
    }

    @Override
    public void mediaServerRestarted() {
        registry.all().forEach(this::dropMedia);
    }

    void dropMedia(Session session) {
        StreamTable.MediaLoss loss = session.dropMedia();
        if (loss == null) {
            return; // closed, or no media yet
        }
        // Recordings first (OpenVidu's order): their files end with what KMS wrote before it went.
        listeners.mediaLost(session, REASON);
        events.mediaLost(session, REASON);
        for (String publisher : loss.publishers()) {
            loss.channels().forEach(channel -> channel.participantUnpublished(publisher, REASON));
        }
        loss.streams().forEach(PublisherMedia::release); // their subscribers with them
        loss.room().thenAccept(RoomMedia::release);
        log.info("Session {} lost its media to a restart of KMS: {} stream(s) dropped", session.id(),
                loss.streams().size());
    }
}
