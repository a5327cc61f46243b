//! Timestamps in the database: `TIMESTAMPTZ` on PostgreSQL, and on SQLite
//! fixed-width UTC text with microseconds, so text order is time order
//! (jiff's own text form drops trailing zeros, which sorts wrongly).

use jiff::Timestamp;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

/// A UTC instant stored to the microsecond on both backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DbTime(pub Timestamp);

impl DbTime {
    pub fn to_jiff(self) -> Timestamp {
        self.0
    }

    fn sqlite_text(self) -> String {
        self.0.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
    }
}

impl From<Timestamp> for DbTime {
    fn from(ts: Timestamp) -> Self {
        DbTime(ts)
    }
}

impl Type<Sqlite> for DbTime {
    fn type_info() -> SqliteTypeInfo {
        <str as Type<Sqlite>>::type_info()
    }
}

impl Encode<'_, Sqlite> for DbTime {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode(self.sqlite_text(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for DbTime {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        Ok(DbTime(text.parse()?))
    }
}

impl Type<Postgres> for DbTime {
    fn type_info() -> PgTypeInfo {
        <jiff_sqlx::Timestamp as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for DbTime {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Postgres>::encode(jiff_sqlx::Timestamp::from(self.0), buf)
    }
}

impl<'r> Decode<'r, Postgres> for DbTime {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        let ts = <jiff_sqlx::Timestamp as Decode<Postgres>>::decode(value)?;
        Ok(DbTime(ts.to_jiff()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_text_sorts_like_time() {
        let whole = DbTime(Timestamp::from_second(1_700_000_000).unwrap());
        let later = DbTime(Timestamp::from_microsecond(1_700_000_000_500_000).unwrap());
        assert!(whole.sqlite_text() < later.sqlite_text());
        assert_eq!(whole.sqlite_text(), "2023-11-14T22:13:20.000000Z");
    }
}
