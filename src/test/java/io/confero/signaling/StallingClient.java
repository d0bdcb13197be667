package io.confero.signaling;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A browser that joins and then stops reading its socket, as a hung tab does: a bare WebSocket client on a TCP
 * socket with a small receive buffer (so the server's writes back up quickly), reading only until the answer it
 * waits for. Only what the tests need of RFC 6455: masked text frames out, unfragmented frames in.
 */
final class StallingClient implements AutoCloseable {

    private static final int RECEIVE_BUFFER = 8 * 1024;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();
    private int nextId;

    StallingClient(int port, String path) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(RECEIVE_BUFFER); // before connecting: it sets the TCP window
        socket.connect(new java.net.InetSocketAddress("localhost", port), 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] key = new byte[16];
        random.nextBytes(key);
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("No WebSocket upgrade: " + head);
        }
    }

    /** Sends a request and reads frames until its answer, which it returns; later frames are never read. */
    JsonNode call(String method, Map<String, ?> params) throws IOException {
        int id = nextId++;
        sendText(RpcTestClient.JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method,
                "params", params)));
        while (true) {
            JsonNode frame = RpcTestClient.JSON.readTree(readText());
            if (frame.has("id") && !frame.get("id").isNull() && frame.get("id").asInt() == id) {
                return frame;
            }
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81); // FIN, text
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    private String readText() throws IOException {
        int opcode = in.readUnsignedByte() & 0x0f;
        long length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if (opcode != 1) {
            throw new IOException("Unexpected frame, opcode " + opcode);
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
