package dev.jobs.sample;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The users table, with plain JDBC.
 */
@Repository
public class UserRepository {

	private static final RowMapper<User> USER = (rs, row) -> new User(rs.getLong("id"), rs.getString("email"),
			rs.getString("name"), rs.getTimestamp("registered_at").toInstant(),
			(rs.getTimestamp("welcomed_at") != null) ? rs.getTimestamp("welcomed_at").toInstant() : null);

	private final JdbcTemplate jdbc;

	public UserRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public User insert(String email, String name, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			var statement = connection.prepareStatement(
					"INSERT INTO users (email, name, registered_at) VALUES (?, ?, ?)", new String[] { "id" });
			statement.setString(1, email);
			statement.setString(2, name);
			statement.setTimestamp(3, Timestamp.from(now));
			return statement;
		}, keys);
		return new User(keys.getKey().longValue(), email, name, now, null);
	}

	public Optional<User> find(long id) {
		return this.jdbc.query("SELECT * FROM users WHERE id = ?", USER, id).stream().findFirst();
	}

	public List<User> findAll() {
		return this.jdbc.query("SELECT * FROM users ORDER BY id", USER);
	}

	public boolean markWelcomed(long id, Instant now) {
		return this.jdbc.update("UPDATE users SET welcomed_at = ? WHERE id = ? AND welcomed_at IS NULL",
				Timestamp.from(now), id) == 1;
	}

	public long count() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM users", Long.class);
		return (count != null) ? count : 0;
	}

}
