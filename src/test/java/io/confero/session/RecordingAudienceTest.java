package io.confero.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** OPENVIDU_RECORDING_NOTIFICATION: which roles hear of recordings. */
class RecordingAudienceTest {

    @Test
    void eachSettingReachesItsRoles() {
        assertThat(RecordingAudience.of("none").includes(Role.MODERATOR)).isFalse();
        assertThat(RecordingAudience.of("moderator").includes(Role.MODERATOR)).isTrue();
        assertThat(RecordingAudience.of("moderator").includes(Role.PUBLISHER)).isFalse();
        assertThat(RecordingAudience.of("publisher_moderator").includes(Role.PUBLISHER)).isTrue();
        assertThat(RecordingAudience.of("publisher_moderator").includes(Role.SUBSCRIBER)).isFalse();
        assertThat(RecordingAudience.of(" ALL ").includes(Role.SUBSCRIBER)).isTrue();
        assertThat(RecordingAudience.of("all").includes(null)).as("an IP camera has no role").isFalse();
    }
}
