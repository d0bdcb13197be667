package io.confero.media;

import io.confero.mediaport.MediaEvents;
import io.confero.mediaport.FilterEvents;
import io.confero.mediaport.MediaException;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kurento.client.GenericMediaElement;
import org.kurento.client.GenericMediaEvent;
import org.kurento.client.ListenerSubscription;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.commons.exception.KurentoException;
import org.kurento.jsonrpc.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kurento filter a client asked for by type name and constructor options (GStreamerFilter, FaceOverlayFilter,
 * ZBarFilter, ImageOverlayFilter, or any other factory KMS has), reached generically as OpenVidu does: created as
 * a GenericMediaElement (KMS sees {@code create <type> {mediaPipeline, ...options}}), its methods invoked by name
 * and its events subscribed to by name. Refusals of KMS come out as {@link MediaException.Kind#REFUSED}.
 */
final class FilterElement {

    private static final Logger log = LoggerFactory.getLogger(FilterElement.class);

    private final String streamId;
    private final String type;
    private final GenericMediaElement element;
    private final Map<String, ListenerSubscription> listeners = new HashMap<>(); // guarded by this

    private FilterElement(String streamId, String type, GenericMediaElement element) {
        this.streamId = streamId;
        this.type = type;
        this.element = element;
    }

    /** Creates the filter in {@code pipeline}, with its errors reported to {@code events}. Blocking. */
    static FilterElement create(MediaPipeline pipeline, String streamId, String type, Map<String, Object> options,
            MediaEvents events) {
        Map<String, Object> params = new LinkedHashMap<>();
        options.forEach((name, value) -> {
            // The pipeline is always the stream's own: a client naming another one must not reach it.
            if (!"mediaPipeline".equals(name)) {
                params.put(name, kurentoValue(value));
            }
        });
        GenericMediaElement element;
        try {
            element = Creation.buildFilter(pipeline, type, params, "filter " + type + " of " + streamId);
        } catch (KurentoException e) {
            throw refused(e);
        }
        try {
            WebRtcEndpoints.listenForErrors(element, streamId + " " + type, events);
        } catch (KurentoException e) {
            WebRtcEndpoints.releaseQuietly(element, streamId + " " + type);
            throw refused(e);
        }
        return new FilterElement(streamId, type, element);
    }

    MediaElement element() {
        return element;
    }

    /** Runs one of the filter's methods (e.g. GStreamerFilter's setElementProperty). Blocking. */
    void invoke(String method, Map<String, Object> params) {
        try {
            element.invoke(method, props(params), JsonElement.class);
        } catch (KurentoException e) {
            throw refused(e);
        }
    }

    /** Subscribes to one of the filter's event types (once; later calls are no-ops). Blocking. */
    void listen(String eventType, FilterEvents events) {
        synchronized (this) {
            if (listeners.containsKey(eventType)) {
                return;
            }
        }
        ListenerSubscription subscription;
        try {
            subscription = element.addEventListener(eventType,
                    (GenericMediaEvent e) -> events.filterEvent(eventType, String.valueOf(e.getData())),
                    GenericMediaEvent.class);
        } catch (KurentoException e) {
            throw refused(e);
        }
        synchronized (this) {
            listeners.put(eventType, subscription);
        }
    }

    /** Ends the subscription to an event type; false if there was none. Blocking. */
    boolean stopListening(String eventType) {
        ListenerSubscription subscription;
        synchronized (this) {
            subscription = listeners.remove(eventType);
        }
        if (subscription == null) {
            return false;
        }
        try {
            element.removeEventListener(subscription);
        } catch (KurentoException e) {
            log.debug("Unsubscribing {} of the filter of {} failed: {}", eventType, streamId, e.getMessage());
        }
        return true;
    }

    /** Unsubscribes every event listener (OpenVidu does so before taking a filter out). */
    void stopListeningToAll() {
        List<String> types;
        synchronized (this) {
            types = new ArrayList<>(listeners.keySet());
        }
        types.forEach(this::stopListening);
    }

    /** Releases the filter; never throws. */
    void release() {
        WebRtcEndpoints.releaseQuietly(element, streamId + " " + type);
    }

    /** KMS said no: the complete message of kurento-client's exception, as OpenVidu relays it. */
    static MediaException refused(KurentoException e) {
        return new MediaException(MediaException.Kind.REFUSED, e.getMessage(), e);
    }

    /** Client JSON (maps, lists, scalars) as kurento-client serialises constructor and method parameters. */
    private static Object kurentoValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(String.valueOf(k), kurentoValue(v)));
            return new Props(converted);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(FilterElement::kurentoValue).toList();
        }
        return value;
    }

    private static Props props(Map<String, Object> params) {
        Props props = new Props();
        params.forEach((name, value) -> props.add(name, kurentoValue(value)));
        return props;
    }
}
