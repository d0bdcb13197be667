package io.confero.recording;

/**
 * One stream's file in an INDIVIDUAL recording, with what OpenVidu's sync metadata says of it. Times are KMS's
 * (epoch ms); {@code endTime} is 0 while it records.
 */
record Track(
        String fileName,
        String connectionId,
        String streamId,
        String clientData,
        String serverData,
        boolean hasAudio,
        boolean hasVideo,
        String typeOfVideo,
        long startTime,
        long endTime) {

    Track endedAt(long time) {
        return new Track(fileName, connectionId, streamId, clientData, serverData, hasAudio, hasVideo, typeOfVideo,
                startTime, time);
    }
}
