package io.confero.session;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Signals: messages from a participant (sendMessage) or from the server (REST) to all or some participants. */
@Component
public class SignalService {

    private final CallEvents events;

    public SignalService(CallEvents events) {
        this.events = events;
    }

    /** Refusals carry the REST statuses and JSON-RPC codes the clients expect. */
    public enum Refusal {
        /** The session has no participant connected (REST 406). */
        NOBODY_CONNECTED,
        /** {@code to} names someone not connected (REST 406, RPC 601). */
        UNKNOWN_RECIPIENT
    }

    public static class SignalRefusedException extends RuntimeException {
        private final Refusal refusal;

        SignalRefusedException(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /**
     * Delivers a signal; {@code from} is null for server signals. An empty {@code to} means everybody, the sender
     * included, as in OpenVidu.
     *
     * @return the connectionIds it was delivered to
     */
    public List<String> send(Session session, String from, String type, String data, List<String> to) {
        Map<String, ParticipantChannel> recipients = session.inOrder(() -> {
            Map<String, ParticipantChannel> found = session.recipients(to);
            if (found != null) {
                found.values().forEach(channel -> channel.signal(from, type, data));
            }
            return found;
        });
        if (recipients == null) {
            throw new SignalRefusedException(Refusal.UNKNOWN_RECIPIENT,
                    "Signal \"to\" field invalid format: some connectionId does not exist in this session");
        }
        if (recipients.isEmpty()) {
            throw new SignalRefusedException(Refusal.NOBODY_CONNECTED, "Session " + session.id()
                    + " has no connected participants");
        }
        List<String> delivered = List.copyOf(recipients.keySet());
        events.signalSent(session, from, delivered, type, data);
        return delivered;
    }
}
