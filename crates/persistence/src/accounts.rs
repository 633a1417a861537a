//! Users and their refresh tokens.

use chrono::{DateTime, Utc};
use fritid_domain::account::{Email, GlobalRole, Membership, OrgRole, User};
use fritid_domain::audit::Audit;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::audit::record;
use crate::entity::{membership, refresh_token, user};
use crate::{Store, StoreError};

/// A user together with the password hash, for login only.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: Uuid,
    pub password_hash: String,
}

/// The outcome of presenting a refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The token was current: it is now used, and the new one is stored.
    Rotated { user_id: Uuid },
    /// The token had already been used: someone else holds a copy, so the whole chain it
    /// belongs to has been revoked.
    Reused,
    /// Unknown, expired or revoked.
    Invalid,
}

fn stored_email(value: &str) -> Result<Email, StoreError> {
    Email::parse("email", value).map_err(|_| crate::error::corrupt("e-mail", value))
}

async fn memberships_of<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
) -> Result<Vec<Membership>, StoreError> {
    membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            Ok(Membership {
                organisation_id: m.organisation_id,
                role: OrgRole::parse("role", &m.role)
                    .map_err(|_| crate::error::corrupt("role", &m.role))?,
            })
        })
        .collect()
}

fn to_user(m: user::Model, memberships: Vec<Membership>) -> Result<User, StoreError> {
    Ok(User {
        id: m.id,
        email: stored_email(&m.email)?,
        role: GlobalRole::parse(&m.role).ok_or_else(|| crate::error::corrupt("role", &m.role))?,
        name: m.name,
        memberships,
        created_at: m.created_at,
        version: m.version,
    })
}

impl Store {
    /// Creates a user; `Conflict` when the e-mail is taken.
    pub async fn create_user(
        &self,
        email: &Email,
        name: &str,
        password_hash: &str,
        role: GlobalRole,
    ) -> Result<User, StoreError> {
        let now = Utc::now();
        let id = Uuid::new_v4();
        let txn = self.write().await?;
        user::Entity::insert(user::ActiveModel {
            id: Set(id),
            email: Set(email.as_str().to_owned()),
            name: Set(name.to_owned()),
            password_hash: Set(password_hash.to_owned()),
            role: Set(role.as_str().to_owned()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&*txn)
        .await?;
        record(
            &*txn,
            &Audit::new(Some(id), "user.register", "account created"),
            "user",
            Some(id),
        )
        .await?;
        txn.commit().await?;
        self.get_user(id).await
    }

    pub async fn get_user(&self, id: Uuid) -> Result<User, StoreError> {
        let m = user::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let memberships = memberships_of(&self.db, id).await?;
        to_user(m, memberships)
    }

    pub async fn find_user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        match user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?
        {
            Some(m) => {
                let memberships = memberships_of(&self.db, m.id).await?;
                Ok(Some(to_user(m, memberships)?))
            }
            None => Ok(None),
        }
    }

    pub async fn credentials(&self, email: &Email) -> Result<Option<Credentials>, StoreError> {
        Ok(user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?
            .map(|m| Credentials {
                user_id: m.id,
                password_hash: m.password_hash,
            }))
    }

    pub async fn password_hash(&self, user_id: Uuid) -> Result<String, StoreError> {
        Ok(user::Entity::find_by_id(user_id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?
            .password_hash)
    }

    pub async fn rename_user(&self, user_id: Uuid, name: &str) -> Result<User, StoreError> {
        let txn = self.write().await?;
        user::Entity::update_many()
            .col_expr(user::Column::Name, Expr::value(name))
            .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
            .col_expr(
                user::Column::Version,
                Expr::col(user::Column::Version).add(1),
            )
            .filter(user::Column::Id.eq(user_id))
            .exec(&*txn)
            .await?;
        record(
            &*txn,
            &Audit::new(Some(user_id), "user.rename", "name changed"),
            "user",
            Some(user_id),
        )
        .await?;
        txn.commit().await?;
        self.get_user(user_id).await
    }

    /// Sets a new password hash and revokes every refresh token of the user.
    pub async fn change_password(
        &self,
        user_id: Uuid,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let now = Utc::now();
        let txn = self.write().await?;
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                user::Column::Version,
                Expr::col(user::Column::Version).add(1),
            )
            .filter(user::Column::Id.eq(user_id))
            .exec(&*txn)
            .await?;
        refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
            .filter(refresh_token::Column::UserId.eq(user_id))
            .filter(refresh_token::Column::RevokedAt.is_null())
            .exec(&*txn)
            .await?;
        record(
            &*txn,
            &Audit::new(
                Some(user_id),
                "user.password",
                "password changed; sessions revoked",
            ),
            "user",
            Some(user_id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Deletes the account and everything personal about it. Refused while the user is the
    /// last owner of an organisation that is not archived.
    pub async fn delete_user(&self, user_id: Uuid) -> Result<(), StoreError> {
        let txn = self.write().await?;
        crate::ownership::refuse_last_owner(&*txn, user_id).await?;
        let deleted = user::Entity::delete_by_id(user_id).exec(&*txn).await?;
        if deleted.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        record(
            &*txn,
            &Audit::new(Some(user_id), "user.delete", "account deleted"),
            "user",
            Some(user_id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Creates an admin, or promotes an existing user (whose password is then replaced).
    /// Returns true when the account was new.
    pub async fn upsert_admin(
        &self,
        email: &Email,
        name: &str,
        password_hash: &str,
    ) -> Result<bool, StoreError> {
        if let Some(existing) = self.find_user_by_email(email).await? {
            let txn = self.write().await?;
            user::Entity::update_many()
                .col_expr(user::Column::Role, Expr::value(GlobalRole::Admin.as_str()))
                .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
                .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
                .col_expr(
                    user::Column::Version,
                    Expr::col(user::Column::Version).add(1),
                )
                .filter(user::Column::Id.eq(existing.id))
                .exec(&*txn)
                .await?;
            record(
                &*txn,
                &Audit::new(
                    None,
                    "user.promote",
                    "promoted to admin from the command line",
                ),
                "user",
                Some(existing.id),
            )
            .await?;
            txn.commit().await?;
            Ok(false)
        } else {
            self.create_user(email, name, password_hash, GlobalRole::Admin)
                .await?;
            Ok(true)
        }
    }

    /// Stores a refresh token (by hash only). `family_id` ties the rotations of one login.
    pub async fn insert_refresh_token(
        &self,
        user_id: Uuid,
        family_id: Uuid,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        insert_refresh_token(&self.db, user_id, family_id, token_hash, expires_at).await
    }

    /// Uses a refresh token once: marks it used and stores its successor in the same
    /// transaction. A token that was already used revokes its whole family.
    pub async fn rotate_refresh_token(
        &self,
        token_hash: &str,
        new_hash: &str,
        new_expires_at: DateTime<Utc>,
    ) -> Result<Rotation, StoreError> {
        let now = Utc::now();
        let txn = self.write().await?;
        let Some(token) = refresh_token::Entity::find()
            .filter(refresh_token::Column::TokenHash.eq(token_hash))
            .one(&*txn)
            .await?
        else {
            return Ok(Rotation::Invalid);
        };
        if token.revoked_at.is_some() || token.expires_at <= now {
            return Ok(Rotation::Invalid);
        }
        // The conditional update is the lock: of two concurrent uses, one marks it.
        let marked = refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
            .filter(refresh_token::Column::Id.eq(token.id))
            .filter(refresh_token::Column::UsedAt.is_null())
            .exec(&*txn)
            .await?;
        if token.used_at.is_some() || marked.rows_affected == 0 {
            revoke_family(&*txn, token.family_id, now).await?;
            record(
                &*txn,
                &Audit::new(
                    Some(token.user_id),
                    "session.reuse",
                    "a used refresh token was presented; its chain was revoked",
                ),
                "user",
                Some(token.user_id),
            )
            .await?;
            txn.commit().await?;
            return Ok(Rotation::Reused);
        }
        insert_refresh_token(
            &*txn,
            token.user_id,
            token.family_id,
            new_hash,
            new_expires_at,
        )
        .await?;
        txn.commit().await?;
        Ok(Rotation::Rotated {
            user_id: token.user_id,
        })
    }

    /// Logout: revokes the chain the token belongs to. Unknown tokens are ignored.
    pub async fn revoke_refresh_token(&self, token_hash: &str) -> Result<(), StoreError> {
        if let Some(token) = refresh_token::Entity::find()
            .filter(refresh_token::Column::TokenHash.eq(token_hash))
            .one(&self.db)
            .await?
        {
            revoke_family(&self.db, token.family_id, Utc::now()).await?;
        }
        Ok(())
    }
}

async fn insert_refresh_token<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    family_id: Uuid,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    refresh_token::Entity::insert(refresh_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        family_id: Set(family_id),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(Utc::now()),
        expires_at: Set(expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

async fn revoke_family<C: ConnectionTrait>(
    db: &C,
    family_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
