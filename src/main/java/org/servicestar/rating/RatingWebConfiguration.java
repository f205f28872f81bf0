package org.servicestar.rating;

import java.util.concurrent.TimeUnit;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves {@code static/rating/} (the public pages' style sheets) under {@code /rate/_static/}, which
 * needs no login. A class of its own, without dependencies: {@code @WebMvcTest} slices take in every
 * WebMvcConfigurer.
 */
@Configuration
class RatingWebConfiguration implements WebMvcConfigurer {

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler(RatingConfiguration.PUBLIC_ASSETS + "**").addResourceLocations("classpath:/static/rating/")
        .setCacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePublic());
  }
}
