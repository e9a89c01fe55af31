package org.switchboard.domain.ruleset;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.switchboard.domain.shared.Jsons;

/**
 * One immutable version of a rule set: its DRL files by name, who uploaded them and when. Stored as
 * a JSON array of {@code {"name", "drl"}} objects.
 */
@Entity
@Table(name = "rule_set_version")
@IdClass(RuleSetVersion.Key.class)
public class RuleSetVersion {

  /** The primary key: the rule set and the version's number. */
  public record Key(String ruleSetSid, int number) implements Serializable {
    public Key() {
      this(null, 0);
    }
  }

  @Id
  @Column(name = "rule_set_sid", length = 34)
  private String ruleSetSid;

  @Id
  @Column(name = "number")
  private int number;

  @Column(name = "sources", nullable = false)
  private String sources;

  @Column(name = "created_by", nullable = false, length = 34)
  private String createdBy;

  @Column(name = "date_created", nullable = false)
  private Instant dateCreated;

  protected RuleSetVersion() {}

  /**
   * @param files the DRL files by name, in upload order, already checked to compile
   * @param createdBy the account or API key that uploaded them
   */
  public RuleSetVersion(
      String ruleSetSid, int number, Map<String, String> files, String createdBy, Instant now) {
    this.ruleSetSid = Objects.requireNonNull(ruleSetSid);
    this.number = number;
    JsonArrayBuilder array = Jsons.createArrayBuilder();
    files.forEach(
        (name, drl) -> array.add(Jsons.createObjectBuilder().add("name", name).add("drl", drl)));
    this.sources = array.build().toString();
    this.createdBy = Objects.requireNonNull(createdBy);
    this.dateCreated = Objects.requireNonNull(now);
  }

  /** The DRL files by name, in upload order. */
  public Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    try (JsonReader reader = Jsons.createReader(new StringReader(sources))) {
      for (JsonValue value : reader.readArray()) {
        JsonObject file = value.asJsonObject();
        files.put(file.getString("name"), file.getString("drl"));
      }
    }
    return files;
  }

  public String getRuleSetSid() {
    return ruleSetSid;
  }

  public int getNumber() {
    return number;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public Instant getDateCreated() {
    return dateCreated;
  }
}
