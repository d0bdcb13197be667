package io.confero.session;

import io.confero.mediaport.FilterEvents;
import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.MediaException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Kurento filters on published streams (applyFilter, execFilterMethod, removeFilter and the filter event listeners).
 * MODERATORs act on any stream, a publisher on its own (applying only the types its token's
 * {@code kurentoOptions.allowedFilters} names). Every change but the caller's own answer reaches the others as
 * streamPropertyChanged {@code filter}. The changes of one stream are serialised by its filter lock, held around
 * the Kurento work and never with the session's lock. Blocking: call off I/O threads.
 */
@Component
public class FilterService {

    private static final Logger log = LoggerFactory.getLogger(FilterService.class);

    private final SessionRegistry registry;
    private final CallEvents events;

    public FilterService(SessionRegistry registry, CallEvents events) {
        this.registry = registry;
        this.events = events;
    }

    public void applyFilter(String sessionId, String callerId, String streamId, String type,
            Map<String, Object> options) {
        Session session = session(sessionId);
        FilterTable.FilterTarget target = session.filterTarget(callerId, streamId, type, "Unable to apply filter");
        target.lock().lock();
        try {
            if (session.filterOf(target) != null) {
                throw new OpenViduException(ErrorCode.EXISTING_FILTER_ALREADY_APPLIED, "User '" + target.ownerId()
                        + " already has a filter applied in session '" + sessionId + "'");
            }
            try {
                target.media().applyFilter(type, options, errorsTo(target.ownerChannel()));
            } catch (MediaException e) {
                throw failure(e, target, sessionId);
            }
            changed(session, target, callerId, new StreamSnapshot.Filter(type, options, null), "applyFilter");
        } finally {
            target.lock().unlock();
        }
    }

    public void execFilterMethod(String sessionId, String callerId, String streamId, String method,
            Map<String, Object> params) {
        Session session = session(sessionId);
        FilterTable.FilterTarget target = session.filterTarget(callerId, streamId, null,
                "Unable to execute filter method");
        target.lock().lock();
        try {
            StreamSnapshot.Filter filter = existingFilter(session, target, sessionId);
            try {
                target.media().execFilterMethod(method, params);
            } catch (MediaException e) {
                throw failure(e, target, sessionId);
            }
            Map<String, Object> lastExecMethod = new LinkedHashMap<>();
            lastExecMethod.put("method", method);
            lastExecMethod.put("params", params);
            changed(session, target, callerId, new StreamSnapshot.Filter(filter.type(), filter.options(),
                    lastExecMethod), "execFilterMethod");
        } finally {
            target.lock().unlock();
        }
    }

    public void removeFilter(String sessionId, String callerId, String streamId) {
        Session session = session(sessionId);
        FilterTable.FilterTarget target = session.filterTarget(callerId, streamId, null, "Unable to remove filter");
        target.lock().lock();
        try {
            existingFilter(session, target, sessionId);
            try {
                target.media().removeFilter();
            } catch (MediaException e) {
                throw failure(e, target, sessionId);
            }
            changed(session, target, callerId, null, "removeFilter");
        } finally {
            target.lock().unlock();
        }
    }

    /**
     * The caller hears of the filter's {@code eventType} events as filterEventDispatched; Kurento is subscribed to
     * once per event type, whoever listens.
     */
    public void addFilterEventListener(String sessionId, String callerId, String streamId, String eventType) {
        Session session = session(sessionId);
        FilterTable.FilterTarget target = session.filterTarget(callerId, streamId, null,
                "Unable to add filter event listener");
        target.lock().lock();
        try {
            StreamSnapshot.Filter filter = existingFilter(session, target, sessionId);
            if (!session.hasFilterListeners(target, eventType)) {
                try {
                    target.media().listenToFilter(eventType, dispatcher(session, target, filter.type()));
                } catch (MediaException e) {
                    throw listenerError("addFilterEventListener", streamId, e.getMessage(), e);
                }
            }
            session.addFilterListener(target, eventType, callerId);
        } finally {
            target.lock().unlock();
        }
    }

    /** The caller stops hearing of {@code eventType}; Kurento is unsubscribed when nobody listens any more. */
    public void removeFilterEventListener(String sessionId, String callerId, String streamId, String eventType) {
        Session session = session(sessionId);
        FilterTable.FilterTarget target = session.filterTarget(callerId, streamId, null,
                "Unable to remove filter event listener");
        target.lock().lock();
        try {
            existingFilter(session, target, sessionId);
            if (!session.hasFilterListeners(target, eventType)) {
                throw listenerError("removeFilterEventListener", streamId, "Filter " + eventType
                        + " has no listener added", null);
            }
            if (!session.removeFilterListener(target, eventType, callerId)) {
                try {
                    target.media().stopListeningToFilter(eventType);
                } catch (MediaException e) {
                    log.debug("Unsubscribing {} of the filter of {} failed: {}", eventType, streamId, e.getMessage());
                }
            }
        } finally {
            target.lock().unlock();
        }
    }

    /** Records the new filter (null: none) and tells everyone but the caller, who has its answer. */
    private static void changed(Session session, FilterTable.FilterTarget target, String callerId,
            StreamSnapshot.Filter filter, String reason) {
        Map<String, Object> newValue = StreamSnapshot.Filter.describe(filter);
        session.inOrder(() -> {
            List<ParticipantChannel> others = session.recordFilter(target, filter, callerId);
            others.forEach(other -> other.streamPropertyChanged(target.ownerId(), target.streamId(), "filter",
                    newValue, reason));
            return others;
        });
    }

    private static StreamSnapshot.Filter existingFilter(Session session, FilterTable.FilterTarget target,
            String sessionId) {
        StreamSnapshot.Filter filter = session.filterOf(target);
        if (filter == null) {
            throw new OpenViduException(ErrorCode.FILTER_NOT_APPLIED, "User '" + target.ownerId()
                    + " has no filter applied in session '" + sessionId + "'");
        }
        return filter;
    }

    /** Events go to whoever listens to their type when they arrive (participants that left are skipped). */
    private FilterEvents dispatcher(Session session, FilterTable.FilterTarget target, String filterType) {
        return (eventType, data) -> {
            events.filterEventDispatched(session, target.ownerId(), target.streamId(), filterType, eventType, data);
            session.filterListenerChannels(target, eventType).forEach(channel ->
                    channel.filterEventDispatched(target.ownerId(), target.streamId(), filterType, eventType, data));
        };
    }

    /** The filter's Kurento errors go to the stream's owner as mediaError (none for an IP camera). */
    private static MediaEvents errorsTo(ParticipantChannel owner) {
        return new MediaEvents() {
            @Override
            public void iceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
                // filters have no ICE
            }

            @Override
            public void mediaError(String error) {
                if (owner != null) {
                    owner.mediaError(error);
                }
            }
        };
    }

    private static OpenViduException listenerError(String method, String streamId, String why, Throwable cause) {
        return new OpenViduException(ErrorCode.FILTER_EVENT_LISTENER_NOT_FOUND, "Request to " + method
                + " to stream " + streamId + " gone wrong: " + why, cause);
    }

    /** KMS's refusals reach the client as OpenVidu lets them (see MediaRefusedException); a stream gone is 105. */
    private static RuntimeException failure(MediaException e, FilterTable.FilterTarget target, String sessionId) {
        return MediaErrors.translate(e, "User '" + target.ownerId() + " not streaming media in session '"
                + sessionId + "'");
    }

    private Session session(String sessionId) {
        return registry.open(sessionId);
    }
}
