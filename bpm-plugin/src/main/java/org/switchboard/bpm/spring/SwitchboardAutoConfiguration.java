package org.switchboard.bpm.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.switchboard.bpm.SwitchboardPlugin;

/**
 * Spring Boot: the plugin as a bean, its properties bound from {@code switchboard.bpm.*} (relaxed
 * names: {@code switchboard.bpm.base-url}, {@code switchboard.bpm.workspace-sid}, …, one per setter
 * of {@link SwitchboardPlugin}). Camunda's Spring Boot starter adds every {@code
 * ProcessEnginePlugin} bean to the engine it builds. Active when {@code switchboard.bpm.base-url}
 * is set and no {@link SwitchboardPlugin} bean is defined otherwise; Spring Boot is not a
 * dependency of the plugin for anyone else.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.camunda.bpm.engine.ProcessEngine")
@ConditionalOnProperty(prefix = SwitchboardAutoConfiguration.PREFIX, name = "base-url")
@EnableConfigurationProperties
public class SwitchboardAutoConfiguration {

  /** The properties' prefix. */
  public static final String PREFIX = "switchboard.bpm";

  /** The plugin, configured from {@code switchboard.bpm.*}. */
  @Bean
  @ConditionalOnMissingBean
  @ConfigurationProperties(prefix = PREFIX)
  public SwitchboardPlugin switchboardPlugin() {
    return new SwitchboardPlugin();
  }
}
