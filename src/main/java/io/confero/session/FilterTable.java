package io.confero.session;

import io.confero.mediaport.StreamMedia;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The filters of a session's streams: who may act on them, what is applied, and who listens to their events. A
 * part of {@link Session}, used only under its lock.
 */
final class FilterTable {

    private final Roster roster;

    FilterTable(Roster roster) {
        this.roster = roster;
    }

    /** The stream a filter operation acts on, with its owner and the lock serialising its filter changes. */
    record FilterTarget(String ownerId, String streamId, StreamMedia media, ParticipantChannel ownerChannel,
            ReentrantLock lock) {
    }

    /**
     * Checks that {@code callerId} may act on the filter of {@code streamId}: a MODERATOR on any stream, a publisher
     * on its own, and to apply a filter ({@code typeToApply} non-null) only a type its token's
     * kurentoOptions.allowedFilters names. 401 ({@code refusal}) otherwise, then 102 if nobody publishes the stream.
     */
    FilterTarget filterTarget(String callerId, String streamId, String typeToApply, String refusal) {
        Connection caller = roster.activeConnection(callerId);
        Role role = caller.properties.role();
        KurentoOptions kurento = caller.properties.kurentoOptions();
        boolean owner = caller.stream != null && caller.stream.id.equals(streamId);
        boolean allowed = role != null && role.canModerate() || owner && role != null && role.canPublish()
                && (typeToApply == null || kurento != null && kurento.allowsFilter(typeToApply));
        if (!allowed) {
            throw new OpenViduException(ErrorCode.USER_UNAUTHORIZED,
                    refusal + ". The user does not have a valid token");
        }
        Connection c = roster.publishing(streamId);
        if (c != null) {
            return new FilterTarget(c.id, streamId, c.stream.media, c.channel, c.stream.filterLock);
        }
        throw new OpenViduException(ErrorCode.USER_NOT_FOUND, "Owner of stream '" + streamId
                + "' not found in session '" + roster.sessionId + "'");
    }

    /** The stream's filter, null if none; 105 if the stream is no longer published. */
    StreamSnapshot.Filter filterOf(FilterTarget target) {
        return targetStream(target).filter;
    }

    /**
     * Records the stream's filter (null: removed, and its listeners with it) and answers the channels of everyone
     * but {@code callerId}; none if the stream is gone meanwhile (its media, filter included, went with it).
     */
    List<ParticipantChannel> recordFilter(FilterTarget target, StreamSnapshot.Filter filter,
            String callerId) {
        Stream stream = streamOf(target);
        if (stream == null) {
            return List.of();
        }
        stream.filter = filter;
        if (filter == null) {
            stream.filterListeners.clear();
        }
        return roster.activeChannels(roster.connections.get(callerId));
    }

    boolean hasFilterListeners(FilterTarget target, String eventType) {
        Set<String> listeners = targetStream(target).filterListeners.get(eventType);
        return listeners != null && !listeners.isEmpty();
    }

    void addFilterListener(FilterTarget target, String eventType, String listenerId) {
        targetStream(target).filterListeners.computeIfAbsent(eventType, k -> new LinkedHashSet<>()).add(listenerId);
    }

    /** Removes a listener; answers whether anyone still listens to {@code eventType}. */
    boolean removeFilterListener(FilterTarget target, String eventType, String listenerId) {
        Stream stream = targetStream(target);
        Set<String> listeners = stream.filterListeners.get(eventType);
        if (listeners == null) {
            return false;
        }
        listeners.remove(listenerId);
        if (listeners.isEmpty()) {
            stream.filterListeners.remove(eventType);
            return false;
        }
        return true;
    }

    /** The channels of the participants still in that listen to {@code eventType} of the stream's filter. */
    List<ParticipantChannel> filterListenerChannels(FilterTarget target, String eventType) {
        Stream stream = streamOf(target);
        Set<String> listeners = stream == null ? null : stream.filterListeners.get(eventType);
        if (listeners == null) {
            return List.of();
        }
        List<ParticipantChannel> out = new ArrayList<>();
        for (String listenerId : listeners) {
            Connection c = roster.connections.get(listenerId);
            if (c != null && c.active() && c.channel != null) {
                out.add(c.channel);
            }
        }
        return out;
    }

    private Stream streamOf(FilterTarget target) {
        Connection owner = roster.connections.get(target.ownerId());
        return owner == null || owner.stream == null || !owner.stream.id.equals(target.streamId()) ? null
                : owner.stream;
    }

    private Stream targetStream(FilterTarget target) {
        Stream stream = streamOf(target);
        if (stream == null) {
            throw new OpenViduException(ErrorCode.USER_NOT_STREAMING, "User '" + target.ownerId()
                    + " not streaming media in session '" + roster.sessionId + "'");
        }
        return stream;
    }
}
