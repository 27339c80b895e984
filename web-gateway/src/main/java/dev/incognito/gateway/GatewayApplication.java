package dev.incognito.gateway;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS root of the gateway's plain endpoints; the EAR mounts the WAR at {@code /gateway}. */
@ApplicationPath("/")
public class GatewayApplication extends Application {}
