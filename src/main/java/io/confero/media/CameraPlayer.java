package io.confero.media;

import java.util.function.BooleanSupplier;
import org.kurento.client.PlayerEndpoint;
import org.kurento.commons.exception.KurentoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IP camera's PlayerEndpoint. With {@code onlyWhileWatched} (OpenVidu's onlyPlayWithSubscribers) it plays from
 * its stream's first subscriber on and stops when the last one goes. Each change re-evaluates under one lock, so
 * concurrent arrivals and departures end in the right state.
 */
final class CameraPlayer implements StreamSource {

    private static final Logger log = LoggerFactory.getLogger(CameraPlayer.class);

    private final PlayerEndpoint player;
    private final boolean onlyWhileWatched;
    private final String streamId;
    private boolean playing; // guarded by this

    /** {@code playing}: whether the player was already started. */
    CameraPlayer(PlayerEndpoint player, boolean onlyWhileWatched, boolean playing, String streamId) {
        this.player = player;
        this.onlyWhileWatched = onlyWhileWatched;
        this.playing = playing;
        this.streamId = streamId;
    }

    @Override
    public PlayerEndpoint element() {
        return player;
    }

    /** The set of watchers changed: plays or stops as {@code watched} now says. Blocking; never throws. */
    void watchersChanged(BooleanSupplier watched) {
        if (!onlyWhileWatched) {
            return;
        }
        synchronized (this) {
            boolean wanted = watched.getAsBoolean();
            if (wanted == playing) {
                return;
            }
            try {
                if (wanted) {
                    player.play();
                } else {
                    player.stop();
                }
                playing = wanted;
            } catch (KurentoException e) {
                log.warn("Cannot {} the IP camera of {}: {}", wanted ? "play" : "stop", streamId, e.getMessage());
            }
        }
    }
}
