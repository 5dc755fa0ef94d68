package io.sluice.agent.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.springframework.core.env.Environment;

/**
 * The application's version for the {@code service.version} attribute:
 * {@code spring.application.version} (set by Boot from the main class's jar manifest), else
 * {@code build.version} from {@code META-INF/build-info.properties} when the build wrote one.
 */
final class AppVersion {

    private AppVersion() {
    }

    static String of(Environment environment) {
        String version = environment.getProperty("spring.application.version");
        if (version != null && !version.isBlank()) {
            return version;
        }
        try (InputStream in = AppVersion.class.getClassLoader().getResourceAsStream("META-INF/build-info.properties")) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("build.version");
        } catch (IOException e) {
            return null;
        }
    }
}
