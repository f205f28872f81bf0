package org.servicestar.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class PublicAddressTest {

  private final PublicAddressRequired check = new PublicAddressRequired();

  private static MockEnvironment env(String address, String... profiles) {
    MockEnvironment env = new MockEnvironment();
    env.setActiveProfiles(profiles);
    if (address != null) {
      env.setProperty("servicestar.public-url", address);
    }
    return env;
  }

  @Test
  void productionRefusesToStartWithoutTheAddressNamingTheVariable() {
    for (String missing : new String[] {null, "  "}) {
      assertThatThrownBy(() -> check.postProcessEnvironment(env(missing, "postgres"), new SpringApplication()))
          .hasMessageContaining("SERVICESTAR_PUBLIC_URL").hasMessageContaining("未设置公网地址");
    }
    assertThatCode(() -> check.postProcessEnvironment(env("https://fwzx.example.gov.cn", "postgres"), new SpringApplication()))
        .doesNotThrowAnyException();
  }

  @Test
  void theDemoAndTheH2SetUpStartWithoutIt() {
    assertThatCode(() -> check.postProcessEnvironment(env(null, "postgres", "demo"), new SpringApplication()))
        .doesNotThrowAnyException();
    assertThatCode(() -> check.postProcessEnvironment(env(null, "demo"), new SpringApplication())).doesNotThrowAnyException();
    assertThatCode(() -> check.postProcessEnvironment(env(null, "test"), new SpringApplication())).doesNotThrowAnyException();
  }

  @Test
  void aMalformedAddressIsRefusedEverywhereWithWhatIsWrong() {
    assertThatThrownBy(() -> check.postProcessEnvironment(env("fwzx.example.gov.cn", "demo"), new SpringApplication()))
        .hasMessageContaining("fwzx.example.gov.cn").hasMessageContaining("https://");
    assertThatThrownBy(() -> check.postProcessEnvironment(env("https://fwzx.example.gov.cn/?x=1", "postgres"),
        new SpringApplication())).hasMessageContaining("?");
    assertThatThrownBy(() -> check.postProcessEnvironment(env("https:///rate", "postgres"), new SpringApplication()))
        .hasMessageContaining("主机名");
  }

  @Test
  void linksAreTheAddressAndThePathWithOneSlash() {
    PublicAddress given = new PublicAddress(" https://fwzx.example.gov.cn/servicestar/ ", 0);
    assertThat(given.configured()).isTrue();
    assertThat(given.link("/rate/tax-w01")).isEqualTo("https://fwzx.example.gov.cn/servicestar/rate/tax-w01");
    assertThat(given.link("complaints/TS-1")).isEqualTo("https://fwzx.example.gov.cn/servicestar/complaints/TS-1");
    PublicAddress missing = new PublicAddress("", 0);
    assertThat(missing.configured()).isFalse();
    assertThat(missing.base()).isEqualTo("http://localhost:8080");
    assertThat(new PublicAddress(null, 9090).base()).isEqualTo("http://localhost:9090");
  }
}
