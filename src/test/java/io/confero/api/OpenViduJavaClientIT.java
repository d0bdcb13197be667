package io.confero.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.IceServerProperties;
import io.openvidu.java.client.KurentoOptions;
import io.openvidu.java.client.MediaMode;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingLayout;
import io.openvidu.java.client.RecordingMode;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import io.openvidu.java.client.TokenOptions;
import io.openvidu.java.client.VideoCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Through the real openvidu-java-client 2.32.2: every sessions/connections call an OpenVidu application makes
 * works unchanged against Confero, and what the client then holds (after its own {@code fetch}) is what was asked
 * for. The client parses the answers with Gson and throws on any missing key, so these tests also prove the shape.
 */
class OpenViduJavaClientIT extends RestTestSupport {

    private static final Pattern SESSION_ID = Pattern.compile("ses_[A-Z][A-Za-z0-9]{9,}");
    private static final Pattern CONNECTION_ID = Pattern.compile("con_[A-Z][A-Za-z0-9]{9,}");

    private OpenVidu openVidu;

    @BeforeEach
    void client() {
        openVidu = new OpenVidu(base(), SECRET);
    }

    private Pattern tokenOf(String sessionId) {
        return Pattern.compile(Pattern.quote("ws://localhost:" + port + "?sessionId=" + sessionId + "&token=tok_")
                + "[A-Z][A-Za-z0-9]{15,}");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createsASessionWithDefaults() throws Exception {
        long before = System.currentTimeMillis();
        Session session = openVidu.createSession();
        long after = System.currentTimeMillis();

        assertThat(session.getSessionId()).matches(SESSION_ID);
        assertThat(session.createdAt()).isBetween(before, after);
        assertThat(session.getProperties().forcedVideoCodec()).isEqualTo(VideoCodec.MEDIA_SERVER_PREFERRED);
        assertThat(session.getProperties().isTranscodingAllowed()).isFalse();
        assertThat(session.getConnections()).isEmpty();

        // What the server holds, as the client sees it after fetching.
        assertThat(session.fetch()).isFalse();
        assertThat(session.getProperties().mediaMode()).isEqualTo(MediaMode.ROUTED);
        assertThat(session.getProperties().recordingMode()).isEqualTo(RecordingMode.MANUAL);
        assertThat(session.getProperties().customSessionId()).isEmpty();
        RecordingProperties rec = session.getProperties().defaultRecordingProperties();
        assertThat(rec.outputMode()).isEqualTo(Recording.OutputMode.COMPOSED);
        assertThat(rec.recordingLayout()).isEqualTo(RecordingLayout.BEST_FIT);
        assertThat(rec.resolution()).isEqualTo("1280x720");
        assertThat(rec.frameRate()).isEqualTo(25);
        assertThat(rec.shmSize()).isEqualTo(536870912L);
        assertThat(rec.hasAudio()).isTrue();
        assertThat(rec.hasVideo()).isTrue();
        assertThat(session.isBeingRecorded()).isFalse();
        assertThat(session.isBeingBroadcasted()).isFalse();

        // Two creations without customSessionId give two sessions.
        assertThat(openVidu.createSession().getSessionId()).isNotEqualTo(session.getSessionId());
    }

    @Test
    void createsASessionWithEveryProperty() throws Exception {
        String id = unique("Java_Full");
        SessionProperties properties = new SessionProperties.Builder()
                .customSessionId(id)
                .mediaMode(MediaMode.RELAYED)
                .recordingMode(RecordingMode.ALWAYS)
                .defaultRecordingProperties(new RecordingProperties.Builder()
                        .name("rec~1")
                        .outputMode(Recording.OutputMode.COMPOSED)
                        .hasAudio(false)
                        .hasVideo(true)
                        .recordingLayout(RecordingLayout.CUSTOM)
                        .customLayout("my/layout")
                        .resolution("1920x1080")
                        .frameRate(30)
                        .shmSize(600_000_000L)
                        .build())
                .forcedVideoCodec(VideoCodec.VP9)
                .allowTranscoding(true)
                .build();
        Session session = openVidu.createSession(properties);
        assertThat(session.getSessionId()).isEqualTo(id);
        assertThat(session.getProperties().forcedVideoCodec()).isEqualTo(VideoCodec.VP9);
        assertThat(session.getProperties().isTranscodingAllowed()).isTrue();

        // A second client sees every property round-tripped.
        OpenVidu other = new OpenVidu(base(), SECRET);
        assertThat(other.fetch()).isTrue();
        Session seen = other.getActiveSession(id);
        assertThat(seen).isNotNull();
        assertThat(seen.createdAt()).isEqualTo(session.createdAt());
        SessionProperties p = seen.getProperties();
        assertThat(p.customSessionId()).isEqualTo(id);
        assertThat(p.mediaMode()).isEqualTo(MediaMode.RELAYED);
        assertThat(p.recordingMode()).isEqualTo(RecordingMode.ALWAYS);
        assertThat(p.forcedVideoCodec()).isEqualTo(VideoCodec.VP9);
        assertThat(p.isTranscodingAllowed()).isTrue();
        RecordingProperties rec = p.defaultRecordingProperties();
        assertThat(rec.name()).isEqualTo("rec~1");
        assertThat(rec.outputMode()).isEqualTo(Recording.OutputMode.COMPOSED);
        assertThat(rec.hasAudio()).isFalse();
        assertThat(rec.hasVideo()).isTrue();
        assertThat(rec.recordingLayout()).isEqualTo(RecordingLayout.CUSTOM);
        assertThat(rec.customLayout()).isEqualTo("my/layout");
        assertThat(rec.resolution()).isEqualTo("1920x1080");
        assertThat(rec.frameRate()).isEqualTo(30);
        assertThat(rec.shmSize()).isEqualTo(600_000_000L);

        // INDIVIDUAL keeps ignoreFailedStreams and drops the COMPOSED-only keys, as OpenVidu emits them.
        String individualId = unique("Java_Individual");
        openVidu.createSession(new SessionProperties.Builder().customSessionId(individualId)
                .defaultRecordingProperties(new RecordingProperties.Builder()
                        .outputMode(Recording.OutputMode.INDIVIDUAL).ignoreFailedStreams(true).build())
                .build());
        JsonNode raw = get(API + "/sessions/" + individualId).json().get("defaultRecordingProperties");
        assertThat(raw.propertyNames()).containsExactly("name", "hasAudio", "hasVideo", "outputMode",
                "ignoreFailedStreams");
        assertThat(raw.get("ignoreFailedStreams").asBoolean()).isTrue();
    }

    @Test
    void creatingAnExistingCustomSessionIdGivesTheExistingSession() throws Exception {
        String id = unique("Java_Again");
        Session first = openVidu.createSession(new SessionProperties.Builder().customSessionId(id).build());
        first.createConnection();
        // The java client turns the 409 into a fetch of the existing session.
        Session again = new OpenVidu(base(), SECRET)
                .createSession(new SessionProperties.Builder().customSessionId(id).build());
        assertThat(again.getSessionId()).isEqualTo(id);
        assertThat(again.createdAt()).isEqualTo(first.createdAt());
        assertThat(again.getConnections()).hasSize(1);
        assertThat(sessionIds(get(API + "/sessions").json())).containsOnlyOnce(id);
    }

    @Test
    void createsConnectionsWithEveryRoleAndProperty() throws Exception {
        Session session = openVidu.createSession();
        String sid = session.getSessionId();

        long before = System.currentTimeMillis();
        Connection defaults = session.createConnection();
        Connection subscriber = session.createConnection(new ConnectionProperties.Builder()
                .role(OpenViduRole.SUBSCRIBER).data("sub-data").record(false).build());
        Connection moderator = session.createConnection(new ConnectionProperties.Builder()
                .role(OpenViduRole.MODERATOR)
                .data("{\"user\":\"alice\"}")
                .kurentoOptions(new KurentoOptions.Builder()
                        .videoMaxRecvBandwidth(1000).videoMinRecvBandwidth(300)
                        .videoMaxSendBandwidth(900).videoMinSendBandwidth(200)
                        .allowedFilters(new String[] {"GStreamerFilter", "FaceOverlayFilter"})
                        .build())
                .addCustomIceServer(new IceServerProperties.Builder()
                        .url("turn:127.0.0.1:3478?transport=tcp").username("u").credential("p").build())
                .addCustomIceServer(new IceServerProperties.Builder().url("stun:stun.example.org:19302").build())
                .build());
        Connection publisher = session.createConnection(new ConnectionProperties.Builder()
                .role(OpenViduRole.PUBLISHER).build());
        long after = System.currentTimeMillis();

        List<Connection> all = List.of(defaults, subscriber, moderator, publisher);
        List<String> ids = new ArrayList<>();
        for (Connection c : all) {
            assertThat(c.getConnectionId()).matches(CONNECTION_ID);
            assertThat(c.getStatus()).isEqualTo("pending");
            assertThat(c.getToken()).matches(tokenOf(sid));
            assertThat(c.createdAt()).isBetween(before, after);
            assertThat(c.activeAt()).isNull();
            assertThat(c.getLocation()).isNull();
            assertThat(c.getIp()).isNull();
            assertThat(c.getPlatform()).isNull();
            assertThat(c.getClientData()).isNull();
            assertThat(c.getPublishers()).isEmpty();
            assertThat(c.getSubscribers()).isEmpty();
            assertThat(c.getType()).isEqualTo(io.openvidu.java.client.ConnectionType.WEBRTC);
            ids.add(c.getConnectionId());
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(all.stream().map(Connection::getToken).distinct()).hasSize(4);

        assertThat(defaults.getRole()).isEqualTo(OpenViduRole.PUBLISHER);
        assertThat(defaults.record()).isTrue();
        assertThat(defaults.getServerData()).isEmpty();
        assertThat(defaults.getCustomIceServers()).isEmpty();
        assertThat(subscriber.getRole()).isEqualTo(OpenViduRole.SUBSCRIBER);
        assertThat(subscriber.record()).isFalse();
        assertThat(subscriber.getServerData()).isEqualTo("sub-data");
        assertThat(moderator.getRole()).isEqualTo(OpenViduRole.MODERATOR);
        assertThat(moderator.getServerData()).isEqualTo("{\"user\":\"alice\"}");
        assertThat(moderator.getCustomIceServers()).hasSize(2);
        assertThat(moderator.getCustomIceServers().get(0).getUrl()).isEqualTo("turn:127.0.0.1:3478?transport=tcp");
        assertThat(moderator.getCustomIceServers().get(0).getUsername()).isEqualTo("u");
        assertThat(moderator.getCustomIceServers().get(0).getCredential()).isEqualTo("p");
        assertThat(moderator.getCustomIceServers().get(1).getUrl()).isEqualTo("stun:stun.example.org:19302");
        assertThat(moderator.getCustomIceServers().get(1).getUsername()).isNull();
        assertThat(publisher.getRole()).isEqualTo(OpenViduRole.PUBLISHER);

        // After a fetch by a fresh client (which asks for pending connections), everything is there.
        OpenVidu other = new OpenVidu(base(), SECRET);
        other.fetch();
        Session seen = other.getActiveSession(sid);
        assertThat(seen.getConnections()).extracting(Connection::getConnectionId)
                .containsExactlyInAnyOrderElementsOf(ids);
        for (Connection c : all) {
            Connection s = seen.getConnection(c.getConnectionId());
            assertThat(s.getToken()).isEqualTo(c.getToken());
            assertThat(s.getRole()).isEqualTo(c.getRole());
            assertThat(s.record()).isEqualTo(c.record());
            assertThat(s.getServerData()).isEqualTo(c.getServerData());
            assertThat(s.createdAt()).isEqualTo(c.createdAt());
            assertThat(s.getStatus()).isEqualTo("pending");
        }
        assertThat(seen.getActiveConnections()).isEmpty();

        // The java client does not parse kurentoOptions back: check them on the wire.
        JsonNode k = get(API + "/sessions/" + sid + "/connection/" + moderator.getConnectionId()).json()
                .get("kurentoOptions");
        assertThat(JSON.writeValueAsString(k)).isEqualTo("{\"videoMaxRecvBandwidth\":1000,"
                + "\"videoMinRecvBandwidth\":300,\"videoMaxSendBandwidth\":900,\"videoMinSendBandwidth\":200,"
                + "\"allowedFilters\":[\"GStreamerFilter\",\"FaceOverlayFilter\"]}");
        assertThat(get(API + "/sessions/" + sid + "/connection/" + defaults.getConnectionId()).json()
                .get("kurentoOptions").isNull()).isTrue();
    }

    @Test
    void staticAuthSecretIceServersGetDerivedCredentials() throws Exception {
        Session session = openVidu.createSession();
        // The java client derives credentials itself when it has the secret; send the raw form as the node client does.
        JsonNode c = createConnection(session.getSessionId(),
                "{\"customIceServers\":[{\"url\":\"turns:turn.example.org:5349\",\"staticAuthSecret\":\"s3cr3t\"}]}");
        JsonNode server = c.get("customIceServers").get(0);
        assertThat(server.get("url").asString()).isEqualTo("turns:turn.example.org:5349");
        String username = server.get("username").asString();
        assertThat(username).matches("\\d{10}:[A-Za-z0-9]{8}");
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry).isBetween(System.currentTimeMillis() / 1000 + 86_400 - 60,
                System.currentTimeMillis() / 1000 + 86_400 + 60);
        assertThat(server.get("credential").asString())
                .isEqualTo(hmacSha1Base64("s3cr3t", username));
        assertThat(server.has("staticAuthSecret")).isFalse();
    }

    /**
     * The java client re-validates the customIceServers of every connection it fetches and throws for the whole
     * list on one it dislikes; so whatever Confero accepts must read back. (It found hosts such as {@code turn:h}
     * being accepted, which broke {@code OpenVidu.fetch()} for every application.)
     */
    @Test
    void everyAcceptedIceServerReadsBackInTheJavaClient() throws Exception {
        String sid = createSession(null);
        String servers = "[{\"url\":\"stun:stun.example.org\"},{\"url\":\"stuns:203.0.113.7:5349\"},"
                + "{\"url\":\"stun:localhost:3478\"},"
                + "{\"url\":\"turn:[2001:db8::1]:3478\",\"username\":\"u\",\"credential\":\"c\"},"
                + "{\"url\":\"turn:[::1]\",\"username\":\"u\",\"credential\":\"c\"},"
                + "{\"url\":\"turns:turn.example.org:443?transport=tcp\",\"username\":\"u\",\"credential\":\"c\"},"
                + "{\"url\":\"turn:10.1.2.3:3478?transport=udp\",\"staticAuthSecret\":\"k\"}]";
        JsonNode created = createConnection(sid, "{\"customIceServers\":" + servers + "}");
        assertThat(created.get("customIceServers").size()).isEqualTo(7);

        OpenVidu other = new OpenVidu(base(), SECRET);
        other.fetch();
        List<IceServerProperties> read = other.getActiveSession(sid)
                .getConnection(created.get("connectionId").asString()).getCustomIceServers();
        assertThat(read).extracting(IceServerProperties::getUrl).containsExactly("stun:stun.example.org",
                "stuns:203.0.113.7:5349", "stun:localhost:3478", "turn:[2001:db8::1]:3478", "turn:[::1]",
                "turns:turn.example.org:443?transport=tcp", "turn:10.1.2.3:3478?transport=udp");
        assertThat(read.get(6).getUsername()).isEqualTo(created.get("customIceServers").get(6).get("username")
                .asString());
    }

    @Test
    void updatesConnectionsRoleAndRecord() throws Exception {
        Session session = openVidu.createSession();
        Connection c = session.createConnection(new ConnectionProperties.Builder()
                .role(OpenViduRole.SUBSCRIBER).record(true).data("keep-me")
                .kurentoOptions(new KurentoOptions.Builder().allowedFilters(new String[] {"ZBarFilter"}).build())
                .build());

        Connection updated = session.updateConnection(c.getConnectionId(),
                new ConnectionProperties.Builder().role(OpenViduRole.MODERATOR).record(false).build());
        assertThat(updated.getRole()).isEqualTo(OpenViduRole.MODERATOR);
        assertThat(updated.record()).isFalse();

        session.fetch();
        Connection fetched = session.getConnection(c.getConnectionId());
        assertThat(fetched.getRole()).isEqualTo(OpenViduRole.MODERATOR);
        assertThat(fetched.record()).isFalse();
        assertThat(fetched.getServerData()).isEqualTo("keep-me");
        assertThat(fetched.getToken()).isEqualTo(c.getToken());
        assertThat(fetched.getStatus()).isEqualTo("pending");

        // A client that does not hold the connection builds it from the PATCH answer, so the answer is a full
        // Connection (as the java client sends it: every key, nulls for what is not updated).
        Response answer = patch(API + "/sessions/" + session.getSessionId() + "/connection/" + c.getConnectionId(),
                "{\"session\":\"" + session.getSessionId() + "\",\"type\":null,\"data\":null,\"record\":null,"
                        + "\"role\":\"PUBLISHER\",\"kurentoOptions\":null,\"customIceServers\":[],\"rtspUri\":null,"
                        + "\"adaptativeBitrate\":null,\"onlyPlayWithSubscribers\":null,\"networkCache\":null}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("connectionId").asString()).isEqualTo(c.getConnectionId());
        assertThat(answer.json().get("role").asString()).isEqualTo("PUBLISHER");
        assertThat(answer.json().get("record").asBoolean()).as("record was not part of the update").isFalse();
        assertThat(answer.json().propertyNames()).contains("token", "status", "publishers", "subscribers");

        // Only role and record changed: the other properties are untouched on the server.
        JsonNode raw = get(API + "/sessions/" + session.getSessionId() + "/connection/" + c.getConnectionId()).json();
        assertThat(raw.get("role").asString()).isEqualTo("PUBLISHER");
        assertThat(raw.get("record").asBoolean()).isFalse();
        assertThat(raw.get("serverData").asString()).isEqualTo("keep-me");
        assertThat(raw.get("kurentoOptions").get("allowedFilters").get(0).asString()).isEqualTo("ZBarFilter");
        assertThat(raw.get("type").asString()).isEqualTo("WEBRTC");

        // Unknown connection: the client reports the 404.
        assertThatThrownBy(() -> session.updateConnection("con_Nobody1234",
                new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).build()))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));
    }

    @Test
    void forceDisconnectRevokesAPendingConnection() throws Exception {
        Session session = openVidu.createSession();
        Connection kept = session.createConnection();
        Connection revoked = session.createConnection();

        session.forceDisconnect(revoked.getConnectionId());
        assertThat(session.getConnection(revoked.getConnectionId())).isNull();

        OpenVidu other = new OpenVidu(base(), SECRET);
        other.fetch();
        Session seen = other.getActiveSession(session.getSessionId());
        assertThat(seen.getConnections()).extracting(Connection::getConnectionId)
                .containsExactly(kept.getConnectionId());
        // The token is gone with its connection: nobody in the session holds it any more.
        assertThat(seen.getConnections()).extracting(Connection::getToken).doesNotContain(revoked.getToken());
        assertThat(get(API + "/sessions/" + session.getSessionId() + "/connection/" + revoked.getConnectionId())
                .status()).isEqualTo(404);

        assertThatThrownBy(() -> session.forceDisconnect(revoked.getConnectionId()))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));
    }

    @Test
    void closeRemovesTheSession() throws Exception {
        Session session = openVidu.createSession();
        session.createConnection();
        openVidu.fetch();
        assertThat(openVidu.getActiveSessions()).extracting(Session::getSessionId).contains(session.getSessionId());

        session.close();
        assertThat(openVidu.getActiveSession(session.getSessionId())).isNull();

        OpenVidu other = new OpenVidu(base(), SECRET);
        other.fetch();
        assertThat(other.getActiveSession(session.getSessionId())).isNull();
        assertThat(get(API + "/sessions/" + session.getSessionId()).status()).isEqualTo(404);
        assertThatThrownBy(session::close)
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));
        assertThatThrownBy(session::fetch)
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));
        assertThatThrownBy(session::createConnection)
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));

        // The custom id is free again after the close.
        String id = unique("Java_Reuse");
        Session first = openVidu.createSession(new SessionProperties.Builder().customSessionId(id).build());
        first.close();
        Session second = openVidu.createSession(new SessionProperties.Builder().customSessionId(id).build());
        assertThat(second.getSessionId()).isEqualTo(id);
        assertThat(second.getConnections()).isEmpty();
    }

    @Test
    void fetchSeesWhatOthersCreatedAndAgreesWithTheRawList() throws Exception {
        openVidu.fetch();
        String id = createSession(unique("Raw"));
        JsonNode raw = createConnection(id, "{\"role\":\"SUBSCRIBER\",\"data\":\"raw\"}");

        assertThat(openVidu.fetch()).isTrue();
        Session seen = openVidu.getActiveSession(id);
        assertThat(seen).isNotNull();
        Connection c = seen.getConnection(raw.get("connectionId").asString());
        assertThat(c.getToken()).isEqualTo(raw.get("token").asString());
        assertThat(c.getRole()).isEqualTo(OpenViduRole.SUBSCRIBER);
        assertThat(c.getServerData()).isEqualTo("raw");
        assertThat(c.createdAt()).isEqualTo(raw.get("createdAt").asLong());

        JsonNode list = get(API + "/sessions").json();
        assertThat(openVidu.getActiveSessions()).extracting(Session::getSessionId)
                .containsExactlyInAnyOrderElementsOf(sessionIds(list));
        // Nothing changed since: a second fetch says so.
        assertThat(openVidu.fetch()).isFalse();
    }

    @Test
    void deprecatedTokensEndpointAsTheNodeClientCallsIt() throws Exception {
        String id = createSession(null);
        // Exactly what openvidu-node-client's generateToken() sends without options.
        Response r = post(API + "/tokens",
                "{\"session\":\"" + id + "\",\"role\":null,\"data\":null,\"kurentoOptions\":null}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode token = r.json();
        assertThat(token.propertyNames()).containsExactly("id", "token", "createdAt", "connectionId", "session",
                "data", "role");
        assertThat(token.get("id").asString()).matches(tokenOf(id)).isEqualTo(token.get("token").asString());
        assertThat(token.get("connectionId").asString()).matches(CONNECTION_ID);
        assertThat(token.get("session").asString()).isEqualTo(id);
        assertThat(token.get("data").asString()).isEmpty();
        assertThat(token.get("role").asString()).isEqualTo("PUBLISHER");

        // With options; record is discarded (always true) as in OpenVidu.
        r = post(API + "/tokens", "{\"session\":\"" + id + "\",\"role\":\"SUBSCRIBER\",\"data\":\"tokdata\","
                + "\"record\":false,\"kurentoOptions\":{\"allowedFilters\":[\"GStreamerFilter\"]}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode withOptions = r.json();
        assertThat(withOptions.get("role").asString()).isEqualTo("SUBSCRIBER");
        assertThat(withOptions.get("data").asString()).isEqualTo("tokdata");
        assertThat(JSON.writeValueAsString(withOptions.get("kurentoOptions")))
                .isEqualTo("{\"allowedFilters\":[\"GStreamerFilter\"]}");
        JsonNode connection = get(API + "/sessions/" + id + "/connection/"
                + withOptions.get("connectionId").asString()).json();
        assertThat(connection.get("token").asString()).isEqualTo(withOptions.get("token").asString());
        assertThat(connection.get("record").asBoolean()).isTrue();
        assertThat(connection.get("status").asString()).isEqualTo("pending");

        // `type` means nothing to this endpoint (it used to give a 500 with IPCAM).
        r = post(API + "/tokens", "{\"session\":\"" + id + "\",\"type\":\"IPCAM\",\"role\":\"MODERATOR\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("role").asString()).isEqualTo("MODERATOR");

        // The java client's deprecated generateToken uses the same endpoint.
        Session session = openVidu.createSession();
        String javaToken = session.generateToken(new TokenOptions.Builder().role(OpenViduRole.SUBSCRIBER)
                .data("jdata").build());
        assertThat(javaToken).matches(tokenOf(session.getSessionId()));
        session.fetch();
        assertThat(session.getConnections()).singleElement().satisfies(c -> {
            assertThat(c.getToken()).isEqualTo(javaToken);
            assertThat(c.getRole()).isEqualTo(OpenViduRole.SUBSCRIBER);
            assertThat(c.getServerData()).isEqualTo("jdata");
        });

        // Errors of the deprecated endpoint, with OpenVidu's messages.
        Response missing = post(API + "/tokens", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("message").asString()).isEqualTo("\"session\" parameter is mandatory");
        Response unknown = post(API + "/tokens", "{\"session\":\"ses_nope\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asString()).isEqualTo("Session ses_nope not found");
    }

    @Test
    void customConnectionIdFromData() throws Exception {
        Session session = openVidu.createSession();
        Connection c = session.createConnection(new ConnectionProperties.Builder()
                .data("{\"openviduCustomConnectionId\":\"my-Conn-1\"}").build());
        assertThat(c.getConnectionId()).isEqualTo("con_myConn1");
        assertThat(c.getServerData()).isEqualTo("{\"openviduCustomConnectionId\":\"my-Conn-1\"}");
        // The same custom id twice in one session cannot make two connections with one id.
        assertThatThrownBy(() -> session.createConnection(new ConnectionProperties.Builder()
                .data("{\"openviduCustomConnectionId\":\"myConn1\"}").build()))
                .isInstanceOf(OpenViduHttpException.class);
        session.fetch();
        assertThat(session.getConnections()).hasSize(1);
    }

    /**
     * Key names and order of the bodies the clients parse, compared with what openvidu-server 2.32.2 sent
     * (openvidu-captures 01, 02 and 03); values differ (ids, times), keys must not.
     */
    @Test
    void wireShapeMatchesCapturedOpenVidu() {
        String capturedSession = "{\"id\":\"ses_YuWzp34jPu\",\"object\":\"session\",\"sessionId\":\"ses_YuWzp34jPu\","
                + "\"createdAt\":1795246495460,\"recording\":false,\"broadcasting\":false,\"mediaMode\":\"ROUTED\","
                + "\"recordingMode\":\"MANUAL\",\"defaultRecordingProperties\":{\"name\":\"\",\"hasAudio\":true,"
                + "\"hasVideo\":true,\"outputMode\":\"COMPOSED\",\"recordingLayout\":\"BEST_FIT\","
                + "\"resolution\":\"1280x720\",\"frameRate\":25,\"shmSize\":536870912},\"customSessionId\":\"\","
                + "\"forcedVideoCodec\":\"MEDIA_SERVER_PREFERRED\",\"allowTranscoding\":false,"
                + "\"connections\":{\"numberOfElements\":0,\"content\":[]}}";
        String capturedConnection = "{\"id\":\"con_DLCx9Uuyuj\",\"object\":\"connection\",\"status\":\"pending\","
                + "\"connectionId\":\"con_DLCx9Uuyuj\",\"sessionId\":\"ses_YuWzp34jPu\",\"createdAt\":1795246495678,"
                + "\"type\":\"WEBRTC\",\"record\":true,\"role\":\"PUBLISHER\",\"kurentoOptions\":null,"
                + "\"customIceServers\":[],\"rtspUri\":null,\"adaptativeBitrate\":null,"
                + "\"onlyPlayWithSubscribers\":null,\"networkCache\":null,\"serverData\":\"\","
                + "\"token\":\"ws://localhost:4443?sessionId=ses_YuWzp34jPu&token=tok_BuXwQ1ZPEiup4XOP\","
                + "\"activeAt\":null,\"location\":null,\"ip\":null,\"platform\":null,\"clientData\":null,"
                + "\"publishers\":null,\"subscribers\":null}";

        Response created = post(API + "/sessions", null);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.contentType()).startsWith("application/json");
        JsonNode session = created.json();
        assertSameShape(session, JSON.readTree(capturedSession));
        String id = session.get("id").asString();
        assertThat(session.get("sessionId").asString()).isEqualTo(id);

        Response connection = post(API + "/sessions/" + id + "/connection", null);
        assertThat(connection.status()).isEqualTo(200);
        JsonNode c = connection.json();
        assertSameShape(c, JSON.readTree(capturedConnection));
        for (String nullKey : List.of("kurentoOptions", "rtspUri", "adaptativeBitrate", "onlyPlayWithSubscribers",
                "networkCache", "activeAt", "location", "ip", "platform", "clientData", "publishers", "subscribers")) {
            assertThat(c.get(nullKey).isNull()).as(nullKey).isTrue();
        }
        assertThat(c.get("id").asString()).isEqualTo(c.get("connectionId").asString());
        assertThat(c.get("object").asString()).isEqualTo("connection");
        assertThat(c.get("sessionId").asString()).isEqualTo(id);

        JsonNode withPending = get(API + "/sessions/" + id + "?pendingConnections=true").json();
        assertSameShape(withPending.get("connections").get("content").get(0), JSON.readTree(capturedConnection));
        assertThat(get(API + "/sessions/" + id).json().get("connections").get("numberOfElements").asInt())
                .as("pending connections are listed only on request").isZero();
        JsonNode list = get(API + "/sessions/" + id + "/connection").json();
        assertThat(list.propertyNames()).containsExactly("numberOfElements", "content");
        assertThat(list.get("numberOfElements").asInt()).as("pendingConnections defaults to true here").isEqualTo(1);
        assertThat(get(API + "/sessions/" + id + "/connection?pendingConnections=false").json()
                .get("numberOfElements").asInt()).isZero();
        assertThat(get(API + "/sessions").json().propertyNames()).containsExactly("numberOfElements", "content");
    }

    private static List<String> sessionIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("content").forEach(s -> ids.add(s.get("id").asString()));
        return ids;
    }

    /** Computed here with the JDK, independently of TurnCredentials. */
    private static String hmacSha1Base64(String key, String message) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "HmacSHA1"));
        return java.util.Base64.getEncoder().encodeToString(
                mac.doFinal(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Same key names in the same order, recursively through objects (arrays: first element). */
    private static void assertSameShape(JsonNode actual, JsonNode expected) {
        assertThat(actual.propertyNames()).containsExactlyElementsOf(expected.propertyNames());
        for (String key : expected.propertyNames()) {
            JsonNode e = expected.get(key);
            JsonNode a = actual.get(key);
            if (e.isObject()) {
                assertThat(a.isObject()).as(key).isTrue();
                assertSameShape(a, e);
            } else if (!e.isNull()) {
                assertThat(a.getNodeType()).as(key).isEqualTo(e.getNodeType());
            }
        }
    }
}
