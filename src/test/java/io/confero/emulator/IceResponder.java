package io.confero.emulator;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ICE part of libnice that a browser talks to: one UDP socket, the port of every UDP host candidate the
 * emulator's WebRtcEndpoints announce, that answers the peer's connectivity checks (STUN Binding requests, RFC 8445
 * / 5389) for the endpoint whose ICE username fragment they name, with the endpoint's password. A browser's ICE
 * then connects as with KMS, instead of failing after its checks go unanswered. No media and no DTLS flow here:
 * ICE only. Requests for an unknown or released endpoint get no answer (as from a KMS that forgot it).
 */
final class IceResponder implements AutoCloseable {

    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int BINDING_REQUEST = 0x0001;
    private static final int BINDING_SUCCESS = 0x0101;
    private static final int USERNAME = 0x0006;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int XOR_MAPPED_ADDRESS = 0x0020;
    private static final int FINGERPRINT = 0x8028;
    private static final int FINGERPRINT_XOR = 0x5354554e;

    private final String address;
    private final DatagramSocket socket;
    /** The local ICE username fragment of each live endpoint, with its password. */
    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    IceResponder(String address) {
        this.address = address;
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0));
        } catch (IOException e) {
            throw new IllegalStateException("no UDP socket for the emulator's ICE on " + address, e);
        }
        Thread.ofVirtual().name("emulator-ice-" + socket.getLocalPort()).start(this::serve);
    }

    /** The port of a UDP host candidate on {@code candidateAddress}; 0 if this responder is not there. */
    int portFor(String candidateAddress) {
        return address.equals(candidateAddress) ? socket.getLocalPort() : 0;
    }

    void register(String ufrag, String pwd) {
        passwords.put(ufrag, pwd);
    }

    void unregister(String ufrag) {
        passwords.remove(ufrag);
    }

    /** Forgets every endpoint (KMS restarted). */
    void forgetAll() {
        passwords.clear();
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] answer = answer(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()).slice(),
                        packet.getAddress(), packet.getPort());
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    /** The Binding success response to a Binding request for a known endpoint; null for anything else. */
    private byte[] answer(ByteBuffer in, InetAddress from, int fromPort) {
        if (in.remaining() < 20 || in.getShort(0) != BINDING_REQUEST || in.getInt(4) != MAGIC_COOKIE) {
            return null;
        }
        byte[] transaction = new byte[12];
        in.get(8, transaction);
        String pwd = passwordOf(username(in));
        if (pwd == null) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate(128);
        out.putShort((short) BINDING_SUCCESS).putShort((short) 0).putInt(MAGIC_COOKIE).put(transaction);
        byte[] address = from.getAddress();
        out.putShort((short) XOR_MAPPED_ADDRESS).putShort((short) (4 + address.length));
        out.put((byte) 0).put((byte) (address.length == 4 ? 1 : 2))
                .putShort((short) (fromPort ^ (MAGIC_COOKIE >>> 16)));
        byte[] mask = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(transaction).array();
        for (int i = 0; i < address.length; i++) {
            out.put((byte) (address[i] ^ mask[i]));
        }
        // MESSAGE-INTEGRITY: HMAC-SHA1 with the endpoint's password, over the message with its length counting it.
        out.putShort(2, (short) (out.position() - 20 + 24));
        byte[] hmac = hmacSha1(pwd, out.array(), out.position());
        out.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(hmac);
        // FINGERPRINT: CRC-32 of the message with its length counting the fingerprint, XORed with "STUN".
        out.putShort(2, (short) (out.position() - 20 + 8));
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putShort((short) FINGERPRINT).putShort((short) 4).putInt((int) crc.getValue() ^ FINGERPRINT_XOR);
        byte[] message = new byte[out.position()];
        out.get(0, message);
        return message;
    }

    /** The USERNAME attribute ("ours:theirs"), or null. */
    private static String username(ByteBuffer in) {
        int end = Math.min(in.remaining(), 20 + (in.getShort(2) & 0xffff));
        int at = 20;
        while (at + 4 <= end) {
            int type = in.getShort(at) & 0xffff;
            int length = in.getShort(at + 2) & 0xffff;
            if (at + 4 + length > end) {
                return null;
            }
            if (type == USERNAME) {
                byte[] value = new byte[length];
                in.get(at + 4, value);
                return new String(value, StandardCharsets.UTF_8);
            }
            at += 4 + (length + 3) / 4 * 4;
        }
        return null;
    }

    private String passwordOf(String username) {
        if (username == null || username.indexOf(':') <= 0) {
            return null;
        }
        return passwords.get(username.substring(0, username.indexOf(':')));
    }

    private static byte[] hmacSha1(String key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
