package io.confero.session;

/** The recording a session is under: OpenVidu's recording id and name, as participants are told them. */
public record RecordingRef(String id, String name) {
}
