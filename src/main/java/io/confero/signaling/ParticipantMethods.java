package io.confero.signaling;

import io.confero.config.ConferoProperties;
import io.confero.config.PublicUrl;
import io.confero.session.ConnectionFactory;
import io.confero.session.ConnectionSnapshot;
import io.confero.session.ErrorCode;
import io.confero.turn.IceServer;
import io.confero.session.ParticipationService;
import io.confero.session.ParticipationService.JoinRequest;
import io.confero.session.ParticipationService.JoinResult;
import io.confero.session.RecordingAudience;
import io.confero.session.RecordingRef;
import io.confero.turn.TurnCredentials;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/** joinRoom, leaveRoom and the small methods a joined browser sends (videoData, echo). */
@Component
class ParticipantMethods implements RpcMethods {

    /** The OpenVidu version Confero speaks; openvidu-browser warns unless major.minor match. */
    static final String VERSION = "2.32.2";

    private final ParticipationService participation;
    private final RpcPeerRegistry registry;
    private final TurnCredentials turn;
    private final String coturnIp;
    private final int coturnPort;
    /** Who learns in joinRoom that the session is being recorded (none when recording is off). */
    private final RecordingAudience recordingAudience;

    ParticipantMethods(ParticipationService participation, RpcPeerRegistry registry, TurnCredentials turn,
            ConferoProperties properties, PublicUrl publicUrl) {
        this.participation = participation;
        this.registry = registry;
        this.turn = turn;
        String ip = properties.getCoturn().getIp();
        this.coturnIp = ip == null || ip.isBlank() ? publicUrl.host() : ip;
        this.coturnPort = properties.getCoturn().getPort();
        this.recordingAudience = properties.getRecording().isEnabled()
                ? RecordingAudience.of(properties.getRecording().getNotification()) : RecordingAudience.NONE;
    }

    @Override
    public Map<String, RpcMethod> methods() {
        return Map.of(
                "joinRoom", this::joinRoom,
                "leaveRoom", this::leaveRoom,
                "videoData", (c, r) -> RpcMethod.RpcResult.empty(),
                "echo", (c, r) -> RpcMethod.RpcResult.empty(),
                "subscribeToSpeechToText", ParticipantMethods::proOnly,
                "unsubscribeFromSpeechToText", ParticipantMethods::proOnly);
    }

    @Override
    public boolean allowedBeforeJoin(String method) {
        return "joinRoom".equals(method);
    }

    private RpcMethod.RpcResult joinRoom(RpcPeer connection, RpcRequest request) {
        // OpenVidu requires these five before it touches the token, so a malformed join leaves the token usable.
        String sessionId = request.string("session");
        String token = request.string("token");
        String secret = request.string("secret");
        String platform = request.string("platform");
        String metadata = request.string("metadata");
        if (connection.participant() != null) {
            throw RpcException.of(ErrorCode.EXISTING_USER_IN_ROOM, "This socket already joined session "
                    + connection.participant().sessionId() + " as " + connection.participant().connectionId());
        }
        WebSocketChannel channel = new WebSocketChannel(connection, registry.scheduler());
        // OpenVidu reads "recorder" leniently: absent or not a boolean is false.
        boolean recorder;
        try {
            recorder = request.optionalBool("recorder", false);
        } catch (RpcException notABoolean) {
            recorder = false;
        }
        JoinResult joined = participation.join(new JoinRequest(sessionId, token, secret, platform, metadata,
                connection.remoteAddress(), recorder), channel);
        ConnectionSnapshot self = joined.self();
        connection.bind(new RpcPeer.Participant(sessionId, self.connectionId(), channel));
        return new RpcMethod.RpcResult(joinResult(self, joined.existing(), joined.recording()), channel::open);
    }

    private Map<String, Object> joinResult(ConnectionSnapshot self, List<ConnectionSnapshot> existing,
            RecordingRef recording) {
        TurnCredentials.Credential credential = turn.issue(self.connectionId());
        List<IceServer> custom = self.properties().customIceServers();
        List<Map<String, Object>> iceServers = custom.isEmpty()
                ? List.of(iceServer("turn:" + coturnIp + ":" + coturnPort, credential.username(),
                        credential.password()))
                : custom.stream().map(s -> iceServer(s.url(), s.username(), s.credential())).toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", self.connectionId());
        boolean hidden = ConnectionFactory.hidden(self.connectionId());
        if (!hidden) { // OpenVidu's RECORDER has no final user, and its answer no record flag
            result.put("finalUserId", self.connectionId().toUpperCase());
        }
        result.put("createdAt", self.activeAt());
        result.put("metadata", self.metadata());
        result.put("value", existing.stream().map(RpcJson::participant).toList());
        result.put("session", self.sessionId());
        result.put("version", VERSION);
        result.put("mediaServer", "kurento");
        result.put("videoSimulcast", false);
        if (!hidden) {
            result.put("record", self.properties().record());
        }
        result.put("role", self.properties().role().name());
        result.put("coturnIp", coturnIp);
        result.put("coturnPort", coturnPort);
        result.put("turnUsername", credential.username());
        result.put("turnCredential", credential.password());
        result.put("customIceServers", iceServers);
        if (recording != null && recordingAudience.includes(self.properties().role())) {
            result.put("recordingId", recording.id());
            result.put("recordingName", recording.name());
        }
        return result;
    }

    private static Map<String, Object> iceServer(String url, String username, String credential) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url);
        json.put("username", username);
        json.put("credential", credential);
        return json;
    }

    private RpcMethod.RpcResult leaveRoom(RpcPeer connection, RpcRequest request) {
        RpcPeer.Participant participant = connection.unbind();
        if (participant != null) {
            participation.leave(participant.sessionId(), participant.connectionId(), "disconnect");
            if (ConnectionFactory.hidden(participant.connectionId())) {
                // OpenVidu answers the RECORDER's leaveRoom by closing its socket.
                return RpcMethod.RpcResult.unanswered(() -> connection.close(CloseStatus.NORMAL));
            }
        }
        return RpcMethod.RpcResult.empty();
    }

    private static RpcMethod.RpcResult proOnly(RpcPeer connection, RpcRequest request) {
        throw RpcException.of(ErrorCode.WRONG_OPENVIDU_EDITION,
                "Speech To Text requires OpenVidu Pro/Enterprise edition");
    }
}
