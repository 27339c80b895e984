package dev.incognito.tlog;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The log's HTTP interface at the context root ({@code /tlog} in the EAR). */
@ApplicationPath("/")
public class LogApplication extends Application {}
