package io.confero.emulator;

/**
 * A KMS-side error, answered as {@code {"error":{"code","data":{"type"},"message"}}}. Codes and type names are the
 * ones of KMS 7.x ({@code KurentoException.hpp}); the JSON-RPC level ones (-32xxx) for malformed requests.
 */
final class KmsError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int PARSE_ERROR = -32700;

    static final int MARSHALL_ERROR = 40001;
    static final int UNEXPECTED_ERROR = 40003;
    static final int CONNECT_ERROR = 40004;
    static final int UNSUPPORTED_MEDIA_TYPE = 40005;
    static final int NOT_IMPLEMENTED = 40006;
    static final int INVALID_SESSION = 40007;
    static final int MALFORMED_TRANSACTION = 40008;
    static final int NOT_ENOUGH_RESOURCES = 40009;
    static final int MEDIA_OBJECT_TYPE_NOT_FOUND = 40100;
    static final int MEDIA_OBJECT_NOT_FOUND = 40101;
    static final int MEDIA_OBJECT_CONSTRUCTOR_NOT_FOUND = 40104;
    static final int MEDIA_OBJECT_METHOD_NOT_FOUND = 40105;
    static final int MEDIA_OBJECT_EVENT_NOT_SUPPORTED = 40106;
    static final int MEDIA_OBJECT_ILLEGAL_PARAM_ERROR = 40107;
    static final int MEDIA_OBJECT_NOT_AVAILABLE = 40108;
    static final int MEDIA_OBJECT_TAG_KEY_NOT_FOUND = 40110;
    static final int SDP_PARSE_ERROR = 40201;
    static final int SDP_END_POINT_NO_LOCAL_SDP_ERROR = 40202;
    static final int SDP_END_POINT_NO_REMOTE_SDP_ERROR = 40203;
    static final int SDP_END_POINT_PROCESS_OFFER_ERROR = 40205;
    static final int SDP_END_POINT_PROCESS_ANSWER_ERROR = 40206;
    static final int SDP_END_POINT_ALREADY_NEGOTIATED = 40208;
    static final int SDP_END_POINT_NOT_OFFER_GENERATED = 40209;
    static final int SDP_END_POINT_ANSWER_ALREADY_PROCCESED = 40210;
    static final int ICE_ADD_CANDIDATE_ERROR = 40401;
    static final int PLAYER_SEEK_FAIL = 40700;

    final int code;
    final String type;

    KmsError(int code, String message) {
        this(code, typeOf(code), message);
    }

    KmsError(int code, String type, String message) {
        super(message, null, false, false);
        this.code = code;
        this.type = type;
    }

    static KmsError objectNotFound(String id) {
        return new KmsError(MEDIA_OBJECT_NOT_FOUND, "Object '" + id + "' not found");
    }

    static KmsError invalidParams(String message) {
        return new KmsError(INVALID_PARAMS, "INVALID_PARAMS", message);
    }

    /** KMS's {@code KurentoException::getType()} for a code. */
    static String typeOf(int code) {
        return switch (code) {
            case INVALID_REQUEST -> "INVALID_REQUEST";
            case METHOD_NOT_FOUND -> "METHOD_NOT_FOUND";
            case INVALID_PARAMS -> "INVALID_PARAMS";
            case PARSE_ERROR -> "PARSE_ERROR";
            case MARSHALL_ERROR -> "MARSHALL_ERROR";
            case UNEXPECTED_ERROR -> "UNEXPECTED_ERROR";
            case CONNECT_ERROR -> "CONNECT_ERROR";
            case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
            case NOT_IMPLEMENTED -> "NOT_IMPLEMENTED";
            case INVALID_SESSION -> "INVALID_SESSION";
            case MALFORMED_TRANSACTION -> "MALFORMED_TRANSACTION";
            case NOT_ENOUGH_RESOURCES -> "NOT_ENOUGH_RESOURCES";
            case MEDIA_OBJECT_TYPE_NOT_FOUND -> "MEDIA_OBJECT_TYPE_NOT_FOUND";
            case MEDIA_OBJECT_NOT_FOUND -> "MEDIA_OBJECT_NOT_FOUND";
            case MEDIA_OBJECT_CONSTRUCTOR_NOT_FOUND -> "MEDIA_OBJECT_CONSTRUCTOR_NOT_FOUND";
            case MEDIA_OBJECT_METHOD_NOT_FOUND -> "MEDIA_OBJECT_METHOD_NOT_FOUND";
            case MEDIA_OBJECT_EVENT_NOT_SUPPORTED -> "MEDIA_OBJECT_EVENT_NOT_SUPPORTED";
            case MEDIA_OBJECT_ILLEGAL_PARAM_ERROR -> "MEDIA_OBJECT_ILLEGAL_PARAM_ERROR";
            case MEDIA_OBJECT_NOT_AVAILABLE -> "MEDIA_OBJECT_NOT_AVAILABLE";
            case 40109 -> "MEDIA_OBJECT_NOT_FOUND_TRANSACTION_NO_COMMIT";
            case MEDIA_OBJECT_TAG_KEY_NOT_FOUND -> "MEDIA_OBJECT_TAG_KEY_NOT_FOUND";
            case 40111 -> "MEDIA_OBJECT_OPERATION_NOT_SUPPORTED";
            case 40200 -> "SDP_CREATE_ERROR";
            case SDP_PARSE_ERROR -> "SDP_PARSE_ERROR";
            case SDP_END_POINT_NO_LOCAL_SDP_ERROR -> "SDP_END_POINT_NO_LOCAL_SDP_ERROR";
            case SDP_END_POINT_NO_REMOTE_SDP_ERROR -> "SDP_END_POINT_NO_REMOTE_SDP_ERROR";
            case 40204 -> "SDP_END_POINT_GENERATE_OFFER_ERROR";
            case SDP_END_POINT_PROCESS_OFFER_ERROR -> "SDP_END_POINT_PROCESS_OFFER_ERROR";
            case SDP_END_POINT_PROCESS_ANSWER_ERROR -> "SDP_END_POINT_PROCESS_ANSWER_ERROR";
            case 40207 -> "SDP_CONFIGURATION_ERROR";
            case SDP_END_POINT_ALREADY_NEGOTIATED -> "SDP_END_POINT_ALREADY_NEGOTIATED";
            case SDP_END_POINT_NOT_OFFER_GENERATED -> "SDP_END_POINT_NOT_OFFER_GENERATED";
            case SDP_END_POINT_ANSWER_ALREADY_PROCCESED -> "SDP_END_POINT_ANSWER_ALREADY_PROCCESED";
            case 40211 -> "SDP_END_POINT_CANNOT_CREATE_SESSON";
            case 40300 -> "HTTP_END_POINT_REGISTRATION_ERROR";
            case 40400 -> "ICE_GATHER_CANDIDATES_ERROR";
            case ICE_ADD_CANDIDATE_ERROR -> "ICE_ADD_CANDIDATE_ERROR";
            case 40600 -> "URI_PATH_FILE_NOT_FOUND";
            case PLAYER_SEEK_FAIL -> "PLAYER_SEEK_FAIL";
            default -> "UNDEFINED";
        };
    }
}
