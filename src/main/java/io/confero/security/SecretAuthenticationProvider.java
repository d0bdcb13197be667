package io.confero.security;

import io.confero.config.ConferoProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks HTTP Basic credentials against {@code OPENVIDUAPP:<OPENVIDU_SECRET>}. Both sides are hashed before a
 * {@link MessageDigest#isEqual} comparison so that neither the content nor the length of the secret leaks through
 * timing. The secret is never logged.
 */
@Component
public class SecretAuthenticationProvider implements AuthenticationProvider {

    public static final String USER = "OPENVIDUAPP";
    public static final String ROLE_ADMIN = "ROLE_ADMIN";

    private final byte[] expectedUser;
    private final byte[] expectedSecret;

    public SecretAuthenticationProvider(ConferoProperties properties) {
        this.expectedUser = sha256(USER);
        this.expectedSecret = sha256(properties.getSecret());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String user = authentication.getName();
        Object credentials = authentication.getCredentials();
        boolean userOk = MessageDigest.isEqual(expectedUser, sha256(user == null ? "" : user));
        boolean secretOk = MessageDigest.isEqual(expectedSecret, sha256(credentials == null ? "" : credentials.toString()));
        if (!(userOk & secretOk)) {
            throw new BadCredentialsException("Bad credentials");
        }
        return UsernamePasswordAuthenticationToken.authenticated(USER, null,
                List.of(new SimpleGrantedAuthority(ROLE_ADMIN)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
