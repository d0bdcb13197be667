package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenVidu's custom connection ids: the data of a connection may name its id. */
class ConnectionFactoryTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"openviduCustomConnectionId\":\"my-Conn-1\"}|con_myConn1",
            "{\"openviduCustomConnectionId\":\"myConn-1\",\"user\":\"alice\"}|con_myConn1",
            "{\"openviduCustomConnectionId\":\"con_abc\"}|con_abc",
            "{\"openviduCustomConnectionId\":\"a b.c/d!e\"}|con_abcde",
            "{\"openviduCustomConnectionId\":\"under_score\"}|con_under_score",
            "{\"openviduCustomConnectionId\":42}|con_42",
            "  {\"openviduCustomConnectionId\" : \"spaced\"}  |con_spaced"})
    void dataNamesTheConnectionId(String data, String expected) {
        assertThat(ConnectionFactory.customConnectionId(data)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "plain text", "openviduCustomConnectionId", "{\"openviduCustomConnectionId\":",
            "[\"openviduCustomConnectionId\"]", "{\"other\":\"openviduCustomConnectionId\"}",
            "{\"openviduCustomConnectionId\":\"\"}", "{\"openviduCustomConnectionId\":\"!!!\"}",
            "{\"openviduCustomConnectionId\":\"con_\"}", "{\"openviduCustomConnectionId\":null}",
            "{\"openviduCustomConnectionId\":{\"a\":1}}", "{\"openviduCustomConnectionId\":[\"x\"]}"})
    void otherDataLeavesTheIdGenerated(String data) {
        assertThat(ConnectionFactory.customConnectionId(data)).isNull();
    }

    @Test
    void nullDataLeavesTheIdGenerated() {
        assertThat(ConnectionFactory.customConnectionId(null)).isNull();
    }
}
