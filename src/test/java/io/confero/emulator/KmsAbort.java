package io.confero.emulator;

/**
 * Input that makes a real KMS 7.3 abort (a failed assertion in its C code): the emulator then does what the
 * process's death does to its clients, everything forgotten and every socket dropped, without an answer.
 */
final class KmsAbort extends RuntimeException {

    KmsAbort(String assertion) {
        super(assertion);
    }
}
