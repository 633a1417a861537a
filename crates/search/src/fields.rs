//! The index's schema, and how an activity becomes a document of it.

use chrono::Datelike;
use fritid_domain::activity::{Activity, TargetGroup};
use fritid_domain::schedule::slots;
use fritid_domain::search::{activity_texts, index_terms};
use fritid_domain::text::sort_key;
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::IndexError;
use crate::tokenizer::{NAME, weighted_tokens};

/// Age bounds of an activity without them: every age matches.
pub(crate) const NO_AGE_MIN: i64 = i64::MIN;
pub(crate) const NO_AGE_MAX: i64 = i64::MAX;

/// A slot's last date when it has none.
const OPEN_ENDED: u64 = 0xFFFF_FFFF;

pub(crate) struct Fields {
    pub(crate) schema: Schema,
    /// The activity's id (hyphenated), to replace or delete it.
    pub(crate) id: tantivy::schema::Field,
    /// The id as two halves, for the sorts' last tie-break (byte order, as the database's).
    pub(crate) id_hi: tantivy::schema::Field,
    pub(crate) id_lo: tantivy::schema::Field,
    /// Weighted stems of the texts; a stem's term frequency is its weight.
    pub(crate) terms: tantivy::schema::Field,
    /// The title's sort key (`fritid_domain::text::sort_key`).
    pub(crate) title: tantivy::schema::Field,
    pub(crate) district: tantivy::schema::Field,
    pub(crate) category: tantivy::schema::Field,
    pub(crate) organisation: tantivy::schema::Field,
    pub(crate) age_min: tantivy::schema::Field,
    pub(crate) age_max: tantivy::schema::Field,
    pub(crate) targets: tantivy::schema::Field,
    /// Weekdays with a slot (0 = Monday), to narrow a weekday filter in the inverted index.
    pub(crate) weekday: tantivy::schema::Field,
    /// Each slot packed by [`pack_slot`].
    pub(crate) slot: tantivy::schema::Field,
    pub(crate) free: tantivy::schema::Field,
    pub(crate) wheelchair: tantivy::schema::Field,
    /// The grid cells of the venue, the coarse one ([`cell`]) and the fine one within it
    /// ([`fine_cells`]), to find venues near a point in the inverted index.
    pub(crate) cell: tantivy::schema::Field,
    pub(crate) lat: tantivy::schema::Field,
    pub(crate) lon: tantivy::schema::Field,
    /// `updated_at` in microseconds since 1970.
    pub(crate) updated: tantivy::schema::Field,
    /// The activity itself (JSON), for the page.
    pub(crate) stored: tantivy::schema::Field,
}

impl Fields {
    pub(crate) fn new() -> Self {
        let mut b = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(NAME)
                .set_index_option(IndexRecordOption::WithFreqs),
        );
        let keyword = STRING | FAST;
        // Struct fields are evaluated in order: the schema is built after every field is added.
        Fields {
            id: b.add_text_field("id", STRING),
            id_hi: b.add_u64_field("id_hi", FAST),
            id_lo: b.add_u64_field("id_lo", FAST),
            terms: b.add_text_field("terms", text),
            title: b.add_text_field("title", keyword.clone()),
            district: b.add_text_field("district", keyword.clone()),
            category: b.add_text_field("category", keyword),
            organisation: b.add_text_field("organisation", STRING),
            age_min: b.add_i64_field("age_min", FAST),
            age_max: b.add_i64_field("age_max", FAST),
            targets: b.add_u64_field("targets", FAST),
            weekday: b.add_u64_field("weekday", INDEXED),
            slot: b.add_u64_field("slot", FAST),
            free: b.add_bool_field("free", INDEXED),
            wheelchair: b.add_bool_field("wheelchair", INDEXED),
            cell: b.add_u64_field("cell", INDEXED),
            lat: b.add_f64_field("lat", FAST),
            lon: b.add_f64_field("lon", FAST),
            updated: b.add_i64_field("updated", FAST),
            stored: b.add_bytes_field("activity", STORED),
            schema: b.build(),
        }
    }

    /// The document of a public activity.
    pub(crate) fn document(&self, a: &Activity) -> Result<TantivyDocument, IndexError> {
        let d = &a.details;
        let mut doc = TantivyDocument::new();
        doc.add_text(self.id, a.id.to_string());
        let id = a.id.as_u128();
        doc.add_u64(self.id_hi, (id >> 64) as u64);
        doc.add_u64(self.id_lo, id as u64);
        let terms = index_terms(&activity_texts(d, &a.organisation_name));
        doc.add_pre_tokenized_text(self.terms, weighted_tokens(&terms));
        doc.add_text(self.title, sort_key(&d.title));
        doc.add_text(self.district, d.district.as_str());
        for c in &d.categories {
            doc.add_text(self.category, c.as_str());
        }
        doc.add_text(self.organisation, a.organisation_id.to_string());
        doc.add_i64(self.age_min, d.age_min.map_or(NO_AGE_MIN, i64::from));
        doc.add_i64(self.age_max, d.age_max.map_or(NO_AGE_MAX, i64::from));
        doc.add_u64(self.targets, TargetGroup::mask(&d.target_groups) as u64);
        let mut days: Vec<u64> = Vec::new();
        for slot in slots(&d.schedule) {
            let day = u64::from(slot.0.num_days_from_monday());
            if !days.contains(&day) {
                days.push(day);
                doc.add_u64(self.weekday, day);
            }
            doc.add_u64(self.slot, pack_slot(slot));
        }
        doc.add_bool(self.free, d.price.free);
        doc.add_bool(self.wheelchair, d.accessibility.wheelchair);
        if let Some((lat, lon)) = d.venue.coordinates {
            doc.add_u64(self.cell, cell(lat, lon));
            doc.add_u64(self.cell, fine_cell(lat, lon));
            doc.add_f64(self.lat, lat);
            doc.add_f64(self.lon, lon);
        }
        doc.add_i64(self.updated, a.updated_at.timestamp_micros());
        doc.add_bytes(self.stored, &serde_json::to_vec(a)?);
        Ok(doc)
    }
}

/// Grid cells: 0.02° of latitude by 0.04° of longitude (about 2.2 km square in Drammen),
/// each divided into 8 × 8 fine cells (about 280 m square) for the places where venues are
/// dense. A coarse cell is numbered from its fine cells, so it holds exactly their points.
const CELL_LAT: f64 = 0.02;
const CELL_LON: f64 = 0.04;
const FINE_PER_SIDE: u64 = 8;
const FINE_LAT: f64 = CELL_LAT / FINE_PER_SIDE as f64;
const FINE_LON: f64 = CELL_LON / FINE_PER_SIDE as f64;
/// Marks the number of a fine cell, so that both kinds share one field.
const FINE: u64 = 1 << 63;

fn fine_row(lat: f64) -> u64 {
    ((lat + 90.0) / FINE_LAT).floor().max(0.0) as u64
}

fn fine_column(lon: f64) -> u64 {
    ((lon + 180.0) / FINE_LON).floor().max(0.0) as u64
}

/// The coarse grid cell of a point.
pub(crate) fn cell(lat: f64, lon: f64) -> u64 {
    ((fine_row(lat) / FINE_PER_SIDE) << 32) | (fine_column(lon) / FINE_PER_SIDE)
}

/// The fine grid cell of a point.
fn fine_cell(lat: f64, lon: f64) -> u64 {
    FINE | (fine_row(lat) << 32) | fine_column(lon)
}

/// Whether `cell` is a fine cell (else a coarse one).
pub(crate) fn is_fine(cell: u64) -> bool {
    cell & FINE != 0
}

/// The 64 fine cells of a coarse cell.
pub(crate) fn fine_cells(cell: u64) -> impl Iterator<Item = u64> {
    let (row, column) = ((cell >> 32) * FINE_PER_SIDE, (cell & 0xffff_ffff) * FINE_PER_SIDE);
    (row..row + FINE_PER_SIDE)
        .flat_map(move |r| (column..column + FINE_PER_SIDE).map(move |c| FINE | (r << 32) | c))
}

/// The south-west and north-east corners of a cell (coarse or fine), widened by a hair so
/// that every point [`cell`] or [`fine_cell`] puts in it lies inside despite rounding.
pub(crate) fn cell_bounds(cell: u64) -> ((f64, f64), (f64, f64)) {
    const HAIR: f64 = 1e-9;
    let (height, width) = if is_fine(cell) { (FINE_LAT, FINE_LON) } else { (CELL_LAT, CELL_LON) };
    let row = ((cell & !FINE) >> 32) as f64;
    let column = (cell & 0xffff_ffff) as f64;
    let low = (row * height - 90.0 - HAIR, column * width - 180.0 - HAIR);
    (low, (low.0 + height + 2.0 * HAIR, low.1 + width + 2.0 * HAIR))
}

/// Every coarse cell that a box from `low` to `high` (latitude, longitude) touches.
pub(crate) fn cells_of(low: (f64, f64), high: (f64, f64)) -> Vec<u64> {
    let (low_cell, high_cell) = (cell(low.0, low.1), cell(high.0, high.1));
    let rows = (low_cell >> 32)..=(high_cell >> 32);
    let columns = (low_cell & 0xffff_ffff)..=(high_cell & 0xffff_ffff);
    rows.flat_map(|r| columns.clone().map(move |c| (r << 32) | c)).collect()
}

/// A slot in one number: the last date (days since 1970, or all ones when open-ended) in
/// the high 32 bits, then the weekday, the start and the end minute.
fn pack_slot((day, start, end, valid_to): fritid_domain::schedule::Slot) -> u64 {
    let last = valid_to.map_or(OPEN_ENDED, |d| epoch_days(d).clamp(0, OPEN_ENDED as i64) as u64);
    (last << 32)
        | (u64::from(day.num_days_from_monday()) << 24)
        | (u64::from(start) << 12)
        | u64::from(end)
}

/// A packed slot's parts: last date (days since 1970; `u32::MAX` open-ended), weekday
/// (0 = Monday), start and end minute.
pub(crate) fn unpack_slot(slot: u64) -> (u64, u64, u64, u64) {
    (slot >> 32, (slot >> 24) & 0xFF, (slot >> 12) & 0xFFF, slot & 0xFFF)
}

/// Days since 1970-01-01.
pub(crate) fn epoch_days(date: chrono::NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - 719_163
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Weekday};

    use super::*;

    #[test]
    fn a_box_touches_the_cells_of_its_points() {
        let cells = cells_of((59.70, 10.15), (59.75, 10.25));
        for (lat, lon) in [(59.70, 10.15), (59.7249, 10.2), (59.75, 10.25), (59.7001, 10.2499)] {
            assert!(cells.contains(&cell(lat, lon)), "{lat},{lon}");
        }
        assert!(!cells.contains(&cell(59.80, 10.2)));
    }

    #[test]
    fn a_coarse_cell_is_exactly_its_fine_cells() {
        for (lat, lon) in [(59.7451, 10.2039), (59.76, 10.16), (59.7199999, 10.0399999)] {
            let (coarse, fine) = (cell(lat, lon), fine_cell(lat, lon));
            assert!(is_fine(fine) && !is_fine(coarse));
            assert_eq!(fine_cells(coarse).filter(|f| *f == fine).count(), 1, "{lat},{lon}");
            assert_eq!(fine_cells(coarse).count(), 64);
            for c in [coarse, fine] {
                let ((south, west), (north, east)) = cell_bounds(c);
                assert!(south <= lat && lat <= north && west <= lon && lon <= east, "{c:x}");
            }
            let ((south, west), (north, east)) = cell_bounds(fine);
            assert!(north - south < 0.003 && east - west < 0.006);
        }
    }

    #[test]
    fn slots_pack_and_unpack() {
        let to = NaiveDate::from_ymd_opt(2027, 6, 15);
        let packed = pack_slot((Weekday::Thu, 17 * 60 + 30, 19 * 60, to));
        let days = to.map(epoch_days).unwrap_or_default() as u64;
        assert_eq!(unpack_slot(packed), (days, 3, 1050, 1140));
        let open = pack_slot((Weekday::Mon, 0, 1439, None));
        assert_eq!(unpack_slot(open), (OPEN_ENDED, 0, 0, 1439));
        assert_eq!(epoch_days(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()), 0);
    }
}
