package io.confero.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A video file served over HTTP on loopback as an IP camera's URI, the way an ordinary web server serves one:
 * byte ranges (206) and each connection on its own thread. KMS's PlayerEndpoint (GStreamer's souphttpsrc and
 * matroskademux) may reconnect at an offset or seek while it prerolls; a server that answers such a request with
 * the whole file fails the player with "Server does not support seeking" (seen in 2 of 3 runs on KMS 7.3, on main
 * too, whenever the camera was watched within ~1.5 s of its creation).
 */
final class CameraFileServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final Path file;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    CameraFileServer(Path file) throws IOException {
        this.file = file;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/camera.webm", this::serve);
        server.setExecutor(threads);
        server.start();
    }

    /** The file's URI. */
    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/camera.webm";
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange; RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            long from = 0;
            long to = size - 1;
            String range = exchange.getRequestHeaders().getFirst("Range");
            Matcher m = range == null ? null : RANGE.matcher(range.trim());
            exchange.getResponseHeaders().add("Content-Type", "video/webm");
            exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
            if (m != null && m.matches()) {
                from = Long.parseLong(m.group(1));
                to = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                if (from > to) {
                    exchange.getResponseHeaders().add("Content-Range", "bytes */" + size);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + size);
                exchange.sendResponseHeaders(206, to - from + 1);
            } else {
                exchange.sendResponseHeaders(200, size);
            }
            if ("HEAD".equals(exchange.getRequestMethod())) {
                return;
            }
            in.seek(from);
            try (OutputStream body = exchange.getResponseBody()) {
                Channels.newInputStream(in.getChannel()).transferTo(new BoundedOutput(body, to - from + 1));
            }
        } catch (IOException e) {
            // the player closed its connection (a seek, a stop): nothing to serve any more
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Writes at most {@code left} bytes (a range's end), dropping the rest. */
    private static final class BoundedOutput extends OutputStream {
        private final OutputStream out;
        private long left;

        BoundedOutput(OutputStream out, long left) {
            this.out = out;
            this.left = left;
        }

        @Override
        public void write(int b) throws IOException {
            if (left > 0) {
                out.write(b);
                left--;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            if (n > 0) {
                out.write(b, off, n);
                left -= n;
            }
        }
    }
}
