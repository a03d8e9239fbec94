package dev.jobs.spring.test.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the slice test finds: its web layer is {@link SignupController}.
 */
@SpringBootApplication
public class WebApplication {

}
