package io.confero.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulator answers a peer's ICE connectivity checks as libnice does: for known endpoints only, signed. */
class IceResponderTest {

    private static final int COOKIE = 0x2112A442;

    private final IceResponder responder = new IceResponder("127.0.0.1");

    @AfterEach
    void close() {
        responder.close();
    }

    @Test
    void aCheckForAKnownEndpointGetsASignedAnswerWithThePeersAddress() throws Exception {
        responder.register("abcd", "0123456789abcdefghijkl");
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] transaction = "txn-00000001".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer answer = check(peer, "abcd:peer", transaction);

            assertThat(answer.getShort(0)).as("Binding success").isEqualTo((short) 0x0101);
            assertThat(answer.getInt(4)).isEqualTo(COOKIE);
            assertThat(Arrays.copyOfRange(answer.array(), 8, 20)).isEqualTo(transaction);
            // XOR-MAPPED-ADDRESS: the peer's own address and port.
            assertThat(answer.getShort(20)).isEqualTo((short) 0x0020);
            assertThat(answer.get(25)).as("IPv4").isEqualTo((byte) 1);
            assertThat((answer.getShort(26) ^ (COOKIE >>> 16)) & 0xffff).isEqualTo(peer.getLocalPort());
            assertThat(answer.getInt(28) ^ COOKIE).isEqualTo(0x7f000001);
            // MESSAGE-INTEGRITY with the endpoint's password, over what precedes it.
            assertThat(answer.getShort(32)).isEqualTo((short) 0x0008);
            ByteBuffer signed = ByteBuffer.wrap(Arrays.copyOf(answer.array(), 32)).putShort(2, (short) (12 + 24));
            assertThat(Arrays.copyOfRange(answer.array(), 36, 56)).isEqualTo(hmac("0123456789abcdefghijkl",
                    signed.array()));
            // FINGERPRINT over the rest.
            assertThat(answer.getShort(56)).isEqualTo((short) 0x8028);
            CRC32 crc = new CRC32();
            crc.update(answer.array(), 0, 56);
            assertThat(answer.getInt(60)).isEqualTo((int) crc.getValue() ^ 0x5354554e);
            assertThat(answer.getShort(2)).as("length of the attributes").isEqualTo((short) (answer.limit() - 20));
        }
    }

    @Test
    void checksForAnUnknownOrReleasedEndpointGoUnanswered() throws Exception {
        responder.register("abcd", "0123456789abcdefghijkl");
        responder.unregister("abcd");
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(300);
            assertThatThrownBy(() -> check(peer, "abcd:peer", new byte[12]))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThatThrownBy(() -> check(peer, "zzzz:peer", new byte[12]))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    /** Sends a Binding request with {@code username}; answers the reply. */
    private ByteBuffer check(DatagramSocket peer, String username, byte[] transaction) throws Exception {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        int padded = (user.length + 3) / 4 * 4;
        ByteBuffer request = ByteBuffer.allocate(20 + 4 + padded);
        request.putShort((short) 0x0001).putShort((short) (4 + padded)).putInt(COOKIE).put(transaction);
        request.putShort((short) 0x0006).putShort((short) user.length).put(user);
        peer.send(new DatagramPacket(request.array(), request.capacity(), InetAddress.getLoopbackAddress(),
                responder.portFor("127.0.0.1")));
        if (peer.getSoTimeout() == 0) {
            peer.setSoTimeout(5000);
        }
        DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
        peer.receive(reply);
        return ByteBuffer.wrap(Arrays.copyOf(reply.getData(), reply.getLength()));
    }

    private static byte[] hmac(String key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return mac.doFinal(data);
    }
}
