package dev.incognito.client.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {

  @TempDir Path dir;

  @Test
  void read_takesTheServerConfigListenersAndIgnoresTheDefaultConfig() throws Exception {
    Path xml = dir.resolve("domain.xml");
    Files.writeString(
        xml,
        """
        <domain><configs>
          <config name="server-config"><network-config><network-listeners>
            <network-listener port="9080" name="http-listener-1"/>
            <network-listener port="9181" name="http-listener-2"/>
            <network-listener port="5848" name="admin-listener"/>
          </network-listeners></network-config></config>
          <config name="default-config"><network-config><network-listeners>
            <network-listener port="${HTTP_LISTENER_PORT}" name="http-listener-1"/>
          </network-listeners></network-config></config>
        </configs></domain>
        """);

    assertEquals(new ServerControl.Ports(9080, 9181, 5848), ServerControl.Ports.read(xml));
  }

  @Test
  void read_keepsDefaultsForUnparseablePorts() throws Exception {
    Path xml = dir.resolve("domain.xml");
    Files.writeString(
        xml,
        "<domain><configs><config name=\"server-config\"><network-listener"
            + " port=\"${P}\" name=\"http-listener-1\"/></config></configs></domain>");

    assertEquals(ServerControl.Ports.DEFAULTS, ServerControl.Ports.read(xml));
  }
}
