package io.confero.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The test QR encoder against values of ISO/IEC 18004 that do not come from the encoder itself: the format bits of
 * level L with mask 0, the generator polynomial of 7 codewords, Reed-Solomon syndromes, the data codewords of a
 * one-byte message, and the fixed patterns of a version 1 symbol.
 */
class QrCodeTest {

    @Test
    void formatBitsOfLevelLMask0() {
        assertThat(QrCode.formatBits()).isEqualTo(0b111011111000100);
    }

    @Test
    void generatorOfSevenCodewordsIsTheStandardOne() {
        // ISO/IEC 18004 Annex A: α^0, α^87, α^229, α^146, α^149, α^238, α^102, α^21.
        int[] exponents = {87, 229, 146, 149, 238, 102, 21};
        int[] generator = QrCode.generator(7);
        for (int i = 0; i < exponents.length; i++) {
            assertThat(generator[i]).as("coefficient %d", i).isEqualTo(alphaTo(exponents[i]));
        }
    }

    @Test
    void codewordsOfOneByteAndTheirErrorCorrectionHaveZeroSyndromes() {
        byte[] data = QrCode.dataCodewords(new byte[] {'A'});
        // 0100 | 00000001 | 01000001 | 0000, then the pad bytes.
        assertThat(data).hasSize(19).startsWith((byte) 0x40, (byte) 0x14, (byte) 0x10, (byte) 0xEC, (byte) 0x11,
                (byte) 0xEC);
        byte[] ec = QrCode.remainder(data, QrCode.generator(7));
        byte[] all = new byte[26];
        System.arraycopy(data, 0, all, 0, 19);
        System.arraycopy(ec, 0, all, 19, 7);
        for (int j = 0; j < 7; j++) {
            int syndrome = 0;
            int x = alphaTo(j);
            for (byte c : all) {
                syndrome = QrCode.multiply(syndrome, x) ^ (c & 0xFF);
            }
            assertThat(syndrome).as("syndrome at α^%d", j).isZero();
        }
    }

    @Test
    void symbolHasVersion1Layout() {
        assertThat(QrCode.dataModuleCount()).isEqualTo(26 * 8);
        boolean[][] m = QrCode.encode("confero");
        assertThat(m).hasNumberOfRows(21);
        for (int[] corner : new int[][] {{0, 0}, {14, 0}, {0, 14}}) {
            for (int i = 0; i < 7; i++) {
                assertThat(m[corner[1]][corner[0] + i]).as("finder top edge").isTrue();
                assertThat(m[corner[1] + 6][corner[0] + i]).as("finder bottom edge").isTrue();
            }
            assertThat(m[corner[1] + 1][corner[0] + 1]).as("finder light ring").isFalse();
            assertThat(m[corner[1] + 3][corner[0] + 3]).as("finder centre").isTrue();
        }
        for (int i = 8; i <= 12; i++) {
            assertThat(m[6][i]).as("timing row at %d", i).isEqualTo(i % 2 == 0);
            assertThat(m[i][6]).as("timing column at %d", i).isEqualTo(i % 2 == 0);
        }
        assertThat(m[13][8]).as("dark module").isTrue();
        assertThatThrownBy(() -> QrCode.encode("x".repeat(18))).isInstanceOf(IllegalArgumentException.class);
    }

    private static int alphaTo(int exponent) {
        int value = 1;
        for (int i = 0; i < exponent; i++) {
            value = QrCode.multiply(value, 2);
        }
        return value;
    }
}
