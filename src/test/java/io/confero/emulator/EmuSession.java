package io.confero.emulator;

/** A KMS session (the {@code sessionId} of the protocol). Events go to the connection it was last seen on. */
final class EmuSession {
    final String id;
    EmuConn conn;
    long lastActivityNanos = System.nanoTime();

    EmuSession(String id) {
        this.id = id;
    }
}
