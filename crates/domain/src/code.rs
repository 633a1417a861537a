//! Enums whose values travel as fixed codes (`published`, `volunteer_centre`): in requests,
//! responses and database columns alike. [`codes!`] gives such an enum the list of its values,
//! the code of each and the way back from a code, so each enum names its codes once.

/// Implements, for an enum of unit variants and their codes:
/// - `ALL`, every value in the order given, and `as_str`, the code of a value (which is also
///   what `Serialize` writes);
/// - `parse`, the value of a code: `parse(value) -> Option<Self>` for values the store reads
///   back (`stored`), or `parse(field, value) -> Result<Self, FieldError>` with a message
///   listing every code for values from requests (`input`);
/// - with `documented as NameDto: "…"`, a documentation-only type `NameDto` for the OpenAPI
///   document (see [`domain_codes!`]), so its list of codes is the enum's.
macro_rules! codes {
    (stored $name:ident $(, documented as $dto:ident: $desc:literal)? { $($variant:ident => $code:literal),+ $(,)? }) => {
        $crate::code::codes!(@common $name $(, $dto, $desc)? { $($variant => $code),+ });

        impl $name {
            /// The value with this code.
            pub fn parse(value: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|v| v.as_str() == value)
            }
        }
    };
    (input $name:ident $(, documented as $dto:ident: $desc:literal)? { $first:ident => $first_code:literal $(, $variant:ident => $code:literal)* $(,)? }) => {
        $crate::code::codes!(@common $name $(, $dto, $desc)? { $first => $first_code $(, $variant => $code)* });

        impl $name {
            /// The value with this code; any other is an error on `field`.
            pub fn parse(field: &str, value: &str) -> Result<Self, $crate::FieldError> {
                Self::ALL.into_iter().find(|v| v.as_str() == value).ok_or_else(|| {
                    $crate::FieldError::new(
                        field,
                        concat!("must be one of: ", $first_code $(, ", ", $code)*),
                    )
                })
            }
        }
    };
    (@common $name:ident $(, $dto:ident, $desc:literal)? { $($variant:ident => $code:literal),+ }) => {
        $(
            #[cfg(feature = "openapi")]
            $crate::code::domain_codes! { $dto = $name, $desc; }
        )?

        impl $name {
            /// Every value, in the order of its codes.
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            /// The code of the value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }

        /// A value travels as its code.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// And is read back from it.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = String::deserialize(deserializer)?;
                Self::ALL
                    .into_iter()
                    .find(|value| value.as_str() == code)
                    .ok_or_else(|| serde::de::Error::unknown_variant(&code, &[$($code),+]))
            }
        }
    };
}

pub(crate) use codes;

/// Declares, for the OpenAPI document, a documentation-only string type whose values are a
/// domain enum's codes, so the document lists exactly what the API accepts.
#[cfg(feature = "openapi")]
macro_rules! domain_codes {
    ($($name:ident = $domain:ty, $description:literal;)+) => {$(
        /// Documentation only: the codes of the domain enum.
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let codes = <$domain>::ALL.map(<$domain>::as_str);
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some($description))
                    .enum_values(Some(codes))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    )+};
}

#[cfg(feature = "openapi")]
pub(crate) use domain_codes;
