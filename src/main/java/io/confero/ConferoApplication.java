package io.confero;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Confero: an OpenVidu 2.x compatible video-call server driving Kurento Media Server. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ConferoApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConferoApplication.class, args);
    }
}
