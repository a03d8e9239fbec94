package dev.jobs.spring.test.docs;

public record WelcomeEmail(String to, String name) {
}
