SELECT
  *
FROM (
  SELECT
    `t1`.`period`,
    COUNT(*) AS `events`,
    SUM(IF(`t1`.`quad_class` = 1, 1, 0)) AS `verbal_coop`,
    SUM(IF(`t1`.`quad_class` = 2, 1, 0)) AS `material_coop`,
    SUM(IF(`t1`.`quad_class` = 3, 1, 0)) AS `verbal_conflict`,
    SUM(IF(`t1`.`quad_class` = 4, 1, 0)) AS `material_conflict`,
    SUM(`t1`.`goldstein`) AS `goldstein_sum`,
    AVG(`t1`.`goldstein`) AS `goldstein_mean`
  FROM (
    SELECT
      `t0`.`GLOBALEVENTID`,
      `t0`.`SQLDATE`,
      `t0`.`Actor1CountryCode`,
      `t0`.`Actor2CountryCode`,
      `t0`.`EventCode`,
      `t0`.`EventRootCode`,
      `t0`.`QuadClass`,
      `t0`.`GoldsteinScale`,
      PARSE_DATE('%Y%m%d', CAST(`t0`.`SQLDATE` AS STRING)) AS `date`,
      CASE
        WHEN CAST(`t0`.`EventRootCode` AS INT64) <= 5
        THEN 1
        WHEN CAST(`t0`.`EventRootCode` AS INT64) <= 8
        THEN 2
        WHEN CAST(`t0`.`EventRootCode` AS INT64) <= 13
        THEN 3
        ELSE 4
      END AS `quad_class`,
      `t0`.`GoldsteinScale` AS `goldstein`,
      DATE_TRUNC(PARSE_DATE('%Y%m%d', CAST(`t0`.`SQLDATE` AS STRING)), MONTH) AS `period`
    FROM `gdelt-bq`.`gdeltv2`.`events` AS `t0`
    WHERE
      (
        (
          `t0`.`Actor1CountryCode` IN ('PAK') AND `t0`.`Actor2CountryCode` IN ('RUS')
        )
        OR (
          `t0`.`Actor1CountryCode` IN ('RUS') AND `t0`.`Actor2CountryCode` IN ('PAK')
        )
      )
      AND `t0`.`SQLDATE` >= 20150101
      AND `t0`.`SQLDATE` <= 20191231
  ) AS `t1`
  GROUP BY
    1
) AS `t2`
ORDER BY
  `t2`.`period` ASC NULLS LAST
