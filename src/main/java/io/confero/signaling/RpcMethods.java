package io.confero.signaling;

import java.util.Map;

/** A group of RPC methods, by name; every bean of this type is wired into the dispatcher. */
interface RpcMethods {

    Map<String, RpcMethod> methods();

    /** Methods that work before joinRoom (all others answer 803 until then). */
    default boolean allowedBeforeJoin(String method) {
        return false;
    }
}
