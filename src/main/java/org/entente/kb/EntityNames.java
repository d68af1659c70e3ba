package org.entente.kb;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The display names of the knowledge base's entities, as a small DataFrame for joins. */
public final class EntityNames {
  private EntityNames() {}

  /** (entity_id, name): country names and leaders' full names. */
  public static Dataset<Row> of(SparkSession spark, KnowledgeBase kb) {
    List<Row> rows = new ArrayList<>();
    kb.countries().values().forEach(c -> rows.add(RowFactory.create(c.id(), c.name())));
    for (String id : kb.leaderIds()) {
      rows.add(RowFactory.create(id, kb.leaderName(id)));
    }
    StructType schema = new StructType().add("entity_id", DataTypes.StringType).add("name", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }
}
