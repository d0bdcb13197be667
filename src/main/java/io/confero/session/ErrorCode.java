package io.confero.session;

/** OpenVidu's error codes (OpenViduException.Code), which openvidu-browser maps to the errors its users handle. */
public enum ErrorCode {
    USER_GENERIC(10),
    USER_NOT_FOUND(102),
    USER_NOT_STREAMING(105),
    USER_ALREADY_STREAMING(106),
    EXISTING_USER_IN_ROOM(104),
    ROOM_NOT_FOUND(202),
    ROOM_CLOSED(203),
    ROOM_CANNOT_BE_CREATED(204),
    MEDIA_SDP_ERROR(302),
    MEDIA_ENDPOINT_ERROR(303),
    USER_UNAUTHORIZED(401),
    TOKEN_CANNOT_BE_CREATED(404),
    EXISTING_FILTER_ALREADY_APPLIED(405),
    FILTER_NOT_APPLIED(406),
    FILTER_EVENT_LISTENER_NOT_FOUND(407),
    SIGNAL_FORMAT_INVALID(600),
    SIGNAL_TO_INVALID(601),
    FORCED_CODEC_NOT_FOUND_IN_SDPOFFER(800),
    TRANSPORT_ERROR(803),
    SERVICE_NOT_ENABLED(996),
    WRONG_OPENVIDU_EDITION(997),
    GENERIC(999);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
