package dev.incognito.acs;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS root of the issuer; the EAR mounts the WAR at {@code /acs}. */
@ApplicationPath("/")
public class IssuerApplication extends Application {}
