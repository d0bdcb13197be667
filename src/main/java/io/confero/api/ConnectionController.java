package io.confero.api;

import io.confero.session.ConnectionFactory;
import io.confero.session.ConnectionIdTakenException;
import io.confero.session.ConnectionProperties;
import io.confero.session.ConnectionSnapshot;
import io.confero.session.ConnectionType;
import io.confero.session.ErrorCode;
import io.confero.session.IpCameraService;
import io.confero.session.OpenViduException;
import io.confero.session.ParticipationService;
import io.confero.session.Role;
import io.confero.session.Session;
import io.confero.session.SessionClosedException;
import io.confero.session.SessionRegistry;
import io.confero.session.StreamService;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /openvidu/api/sessions/{id}/connection} and {@code .../stream}. Quirk kept on purpose: for an unknown
 * session the per-connection and per-stream endpoints answer 400, not 404, because OpenVidu does and its clients
 * document it ("400 if the session does not exist, 404 if the connection does not exist").
 */
@RestController
@RequestMapping("/openvidu/api/sessions/{sessionId}")
class ConnectionController {

    private final SessionRegistry registry;
    private final ConnectionFactory connections;
    private final ConnectionPropertiesParser parser;
    private final ParticipationService participation;
    private final StreamService streams;
    private final IpCameraService ipCameras;

    ConnectionController(SessionRegistry registry, ConnectionFactory connections, ConnectionPropertiesParser parser,
            ParticipationService participation, StreamService streams, IpCameraService ipCameras) {
        this.registry = registry;
        this.connections = connections;
        this.parser = parser;
        this.participation = participation;
        this.streams = streams;
        this.ipCameras = ipCameras;
    }

    /** WEBRTC: a pending connection and its token. IPCAM: the camera published at once, an active connection. */
    @PostMapping("/connection")
    Map<String, Object> create(@PathVariable String sessionId, JsonBody body) {
        Session session = registry.find(sessionId).orElseThrow(() -> sessionNotFound(sessionId, HttpStatus.NOT_FOUND));
        ConnectionProperties properties = parser.parse(body);
        if (properties.type() == ConnectionType.IPCAM) {
            return RestJson.connection(publishIpCamera(session, properties));
        }
        try {
            return RestJson.connection(connections.createWebRtc(session, properties));
        } catch (SessionClosedException e) {
            throw sessionNotFound(sessionId, HttpStatus.NOT_FOUND);
        } catch (ConnectionIdTakenException e) {
            throw new ApiException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    @GetMapping("/connection")
    Map<String, Object> list(@PathVariable String sessionId,
            @RequestParam(defaultValue = "true") boolean pendingConnections,
            @RequestParam(defaultValue = "false") boolean webRtcStats) {
        Session session = registry.find(sessionId).orElseThrow(() -> sessionNotFound(sessionId, HttpStatus.NOT_FOUND));
        return RestJson.page(RestJson.connections(session.connections(pendingConnections)));
    }

    @GetMapping("/connection/{connectionId}")
    Map<String, Object> get(@PathVariable String sessionId, @PathVariable String connectionId) {
        return RestJson.connection(session(sessionId).connection(connectionId)
                .orElseThrow(() -> connectionNotFound(connectionId)));
    }

    /**
     * OpenVidu Pro's connection update (the java and node clients' {@code updateConnection}): {@code role} and
     * {@code record} may change; other keys the clients send along are ignored. Always 200 with the connection:
     * the java client reads a body even from the 204 OpenVidu Pro sends for "no change", and fails without one.
     */
    @PatchMapping("/connection/{connectionId}")
    Map<String, Object> update(@PathVariable String sessionId, @PathVariable String connectionId, JsonBody body) {
        Role role = body.enumValue("role", Role.class);
        Boolean record = body.bool("record");
        return RestJson.connection(participation.update(session(sessionId), connectionId, role, record)
                .orElseThrow(() -> connectionNotFound(connectionId)));
    }

    /** A pending connection loses its token; an active one is evicted (reason forceDisconnectByServer). */
    @DeleteMapping("/connection/{connectionId}")
    ResponseEntity<Void> delete(@PathVariable String sessionId, @PathVariable String connectionId) {
        if (!participation.evict(session(sessionId), connectionId, "forceDisconnectByServer")) {
            throw connectionNotFound(connectionId);
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * Unpublishes a stream; its owner and everyone else get participantUnpublished (forceUnpublishByServer). An IP
     * camera's stream answers 405, as in OpenVidu: the camera is removed by deleting its connection.
     */
    @DeleteMapping("/stream/{streamId}")
    ResponseEntity<Void> deleteStream(@PathVariable String sessionId, @PathVariable String streamId) {
        boolean unpublished;
        try {
            unpublished = streams.forceUnpublish(session(sessionId), streamId, "forceUnpublishByServer");
        } catch (OpenViduException e) {
            if (e.code() != ErrorCode.USER_GENERIC) {
                throw e;
            }
            throw new ApiException(HttpStatus.METHOD_NOT_ALLOWED, e.getMessage());
        }
        if (!unpublished) {
            throw ApiException.notFound("Stream " + streamId + " not found");
        }
        return ResponseEntity.noContent().build();
    }

    /** 404 if the session closed meanwhile; any other failure is 500 with its reason, as OpenVidu answers. */
    private ConnectionSnapshot publishIpCamera(Session session, ConnectionProperties properties) {
        try {
            return ipCameras.publish(session, properties);
        } catch (OpenViduException e) {
            if (e.code() == ErrorCode.ROOM_CLOSED) {
                throw sessionNotFound(session.id(), HttpStatus.NOT_FOUND);
            }
            throw cameraFailed(session, e);
        } catch (ConnectionIdTakenException e) {
            throw cameraFailed(session, e);
        }
    }

    private static ApiException cameraFailed(Session session, RuntimeException e) {
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "Error creating Connection for session "
                + session.id() + ": " + e.getMessage());
    }

    /** The session of a per-connection or per-stream call: 400 when unknown (see the class comment). */
    private Session session(String sessionId) {
        return registry.find(sessionId).orElseThrow(() -> sessionNotFound(sessionId, HttpStatus.BAD_REQUEST));
    }

    private static ApiException sessionNotFound(String sessionId, HttpStatus status) {
        return new ApiException(status, "Session " + sessionId + " not found");
    }

    private static ApiException connectionNotFound(String connectionId) {
        return ApiException.notFound("Connection " + connectionId + " not found");
    }
}
