package io.confero.media;

/**
 * Told when Kurento Media Server came back as a new process (or forgot Confero's session): every pipeline and
 * element made before is gone, so every {@link KurentoSessionMedia}, {@link KurentoStreamMedia} and {@link
 * KurentoSubscriptionMedia}
 * handed out before is void (releasing them is harmless). Called on a thread of its own, one restart at a time.
 */
public interface MediaServerRestartListener {

    void mediaServerRestarted();
}
