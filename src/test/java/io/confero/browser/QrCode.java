package io.confero.browser;

import java.nio.charset.StandardCharsets;

/**
 * The smallest QR code there is, for test pictures a ZBarFilter must read: version 1 (21×21 modules), error
 * correction level L, byte mode (up to 17 bytes of UTF-8), mask pattern 0. Follows ISO/IEC 18004: data bits, one
 * Reed-Solomon block of 7 codewords over GF(2^8) modulo 0x11D, function patterns, the zigzag placement and the
 * BCH-protected format bits.
 */
final class QrCode {

    static final int SIZE = 21;
    static final int MAX_BYTES = 17;
    private static final int DATA_CODEWORDS = 19;
    private static final int EC_CODEWORDS = 7;
    /** Level L is 01 in the format bits; mask 0. */
    private static final int FORMAT_DATA = 0b01_000;

    private final boolean[][] dark = new boolean[SIZE][SIZE]; // [y][x]
    private final boolean[][] function = new boolean[SIZE][SIZE];

    private QrCode() {
    }

    /** The modules of {@code text}'s QR code, {@code [y][x]}, true for dark. */
    static boolean[][] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("At most " + MAX_BYTES + " bytes in a version 1-L QR code");
        }
        QrCode qr = new QrCode();
        qr.drawFunctionPatterns();
        byte[] data = dataCodewords(bytes);
        byte[] all = new byte[DATA_CODEWORDS + EC_CODEWORDS];
        System.arraycopy(data, 0, all, 0, DATA_CODEWORDS);
        System.arraycopy(remainder(data, generator(EC_CODEWORDS)), 0, all, DATA_CODEWORDS, EC_CODEWORDS);
        qr.drawCodewords(all);
        qr.applyMask0();
        return qr.dark;
    }

    /** How many modules are left for codewords once the function patterns are drawn (208 in version 1). */
    static int dataModuleCount() {
        QrCode qr = new QrCode();
        qr.drawFunctionPatterns();
        int n = 0;
        for (boolean[] row : qr.function) {
            for (boolean f : row) {
                n += f ? 0 : 1;
            }
        }
        return n;
    }

    /** Mode 0100, an 8-bit count, the bytes, a terminator, then the pad bytes 0xEC 0x11 up to 19 codewords. */
    static byte[] dataCodewords(byte[] bytes) {
        Bits bits = new Bits();
        bits.append(0b0100, 4);
        bits.append(bytes.length, 8);
        for (byte b : bytes) {
            bits.append(b & 0xFF, 8);
        }
        int capacity = DATA_CODEWORDS * 8;
        bits.append(0, Math.min(4, capacity - bits.length));
        bits.append(0, (8 - bits.length % 8) % 8);
        for (int pad = 0xEC; bits.length < capacity; pad ^= 0xEC ^ 0x11) {
            bits.append(pad, 8);
        }
        return bits.bytes();
    }

    /** The generator polynomial (x - α^0)…(x - α^(degree-1)), without its leading 1, highest power first. */
    static int[] generator(int degree) {
        int[] result = new int[degree];
        result[degree - 1] = 1;
        int root = 1;
        for (int i = 0; i < degree; i++) {
            for (int j = 0; j < degree; j++) {
                result[j] = multiply(result[j], root);
                if (j + 1 < degree) {
                    result[j] ^= result[j + 1];
                }
            }
            root = multiply(root, 0x02);
        }
        return result;
    }

    /** The error correction codewords: the remainder of data·x^degree divided by the generator. */
    static byte[] remainder(byte[] data, int[] generator) {
        int[] result = new int[generator.length];
        for (byte b : data) {
            int factor = (b & 0xFF) ^ result[0];
            System.arraycopy(result, 1, result, 0, result.length - 1);
            result[result.length - 1] = 0;
            for (int i = 0; i < result.length; i++) {
                result[i] ^= multiply(generator[i], factor);
            }
        }
        byte[] out = new byte[result.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) result[i];
        }
        return out;
    }

    /** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1. */
    static int multiply(int x, int y) {
        int z = 0;
        for (int i = 7; i >= 0; i--) {
            z = (z << 1) ^ ((z >>> 7) * 0x11D);
            z ^= ((y >>> i) & 1) * x;
        }
        return z;
    }

    /** The 15 format bits for level L and mask 0: BCH(15,5) with generator 0x537, XORed with 0x5412. */
    static int formatBits() {
        int rem = FORMAT_DATA;
        for (int i = 0; i < 10; i++) {
            rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
        }
        return (FORMAT_DATA << 10 | rem) ^ 0x5412;
    }

    private void drawFunctionPatterns() {
        for (int i = 0; i < SIZE; i++) {
            set(6, i, i % 2 == 0);
            set(i, 6, i % 2 == 0);
        }
        drawFinder(3, 3);
        drawFinder(SIZE - 4, 3);
        drawFinder(3, SIZE - 4);
        int bits = formatBits();
        for (int i = 0; i <= 5; i++) {
            set(8, i, bit(bits, i));
        }
        set(8, 7, bit(bits, 6));
        set(8, 8, bit(bits, 7));
        set(7, 8, bit(bits, 8));
        for (int i = 9; i < 15; i++) {
            set(14 - i, 8, bit(bits, i));
        }
        for (int i = 0; i < 8; i++) {
            set(SIZE - 1 - i, 8, bit(bits, i));
        }
        for (int i = 8; i < 15; i++) {
            set(8, SIZE - 15 + i, bit(bits, i));
        }
        set(8, SIZE - 8, true); // the dark module
    }

    /** A finder pattern centred on (x, y) with its light separator. */
    private void drawFinder(int x, int y) {
        for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
                int xx = x + dx;
                int yy = y + dy;
                if (xx >= 0 && xx < SIZE && yy >= 0 && yy < SIZE) {
                    int distance = Math.max(Math.abs(dx), Math.abs(dy));
                    set(xx, yy, distance != 2 && distance != 4);
                }
            }
        }
    }

    /** The zigzag: column pairs from the right, upwards then downwards, skipping the vertical timing pattern. */
    private void drawCodewords(byte[] codewords) {
        int i = 0;
        for (int right = SIZE - 1; right >= 1; right -= 2) {
            if (right == 6) {
                right = 5;
            }
            for (int vert = 0; vert < SIZE; vert++) {
                for (int j = 0; j < 2; j++) {
                    int x = right - j;
                    boolean upward = ((right + 1) & 2) == 0;
                    int y = upward ? SIZE - 1 - vert : vert;
                    if (!function[y][x] && i < codewords.length * 8) {
                        dark[y][x] = bit(codewords[i >>> 3] & 0xFF, 7 - (i & 7));
                        i++;
                    }
                }
            }
        }
    }

    private void applyMask0() {
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (!function[y][x] && (x + y) % 2 == 0) {
                    dark[y][x] = !dark[y][x];
                }
            }
        }
    }

    private void set(int x, int y, boolean isDark) {
        dark[y][x] = isDark;
        function[y][x] = true;
    }

    private static boolean bit(int value, int i) {
        return ((value >>> i) & 1) != 0;
    }

    /** An appendable big-endian bit string. */
    private static final class Bits {
        private final boolean[] bits = new boolean[DATA_CODEWORDS * 8];
        int length;

        void append(int value, int count) {
            for (int i = count - 1; i >= 0; i--) {
                bits[length++] = ((value >>> i) & 1) != 0;
            }
        }

        byte[] bytes() {
            byte[] out = new byte[length / 8];
            for (int i = 0; i < length; i++) {
                if (bits[i]) {
                    out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
                }
            }
            return out;
        }
    }
}
