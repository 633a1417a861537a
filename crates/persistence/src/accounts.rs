//! Users and their refresh tokens.

use chrono::{DateTime, Utc};
use fritid_domain::account::{Email, GlobalRole, Membership, OrgRole, User};
use fritid_domain::audit::Audit;
use fritid_domain::mail::LinkPurpose;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, UpdateMany,
};
use uuid::Uuid;

use crate::entity::{membership, refresh_token, user, web_session};
use crate::query::{Existing, insert, mark_once, row_where};
use crate::tracked::VersionedUpdate;
use crate::write::Write;
use crate::{EmailLink, Store, StoreError};

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

/// A member's role as stored.
pub(crate) fn stored_role(value: &str) -> Result<OrgRole, StoreError> {
    OrgRole::parse("role", value).map_err(|_| crate::error::corrupt("role", value))
}

async fn memberships_of<C: ConnectionTrait>(
    db: &C, user_id: Uuid,
) -> Result<Vec<Membership>, StoreError> {
    membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| Ok(Membership { organisation_id: m.organisation_id, role: stored_role(&m.role)? }))
        .collect()
}

/// The account of a row, with its memberships.
pub(crate) async fn to_user<C: ConnectionTrait>(
    db: &C, m: user::Model,
) -> Result<User, StoreError> {
    Ok(User {
        memberships: memberships_of(db, m.id).await?,
        id: m.id,
        email: stored_email(&m.email)?,
        role: GlobalRole::parse(&m.role).ok_or_else(|| crate::error::corrupt("role", &m.role))?,
        name: m.name,
        created_at: m.created_at,
        version: m.version,
        token_version: m.token_version,
        email_verified: m.email_verified,
    })
}

/// An update of the account `user_id` that moves its version on.
fn update_user(user_id: Uuid, now: DateTime<Utc>) -> UpdateMany<user::Entity> {
    user::Entity::update_many().next_version(now).filter(user::Column::Id.eq(user_id))
}

/// Inserts an account: (`email`, `name`, `password_hash`), `role`, and whether the address
/// counts as confirmed. Returns its id; `Conflict` when the e-mail is taken.
async fn insert_user(
    db: &impl ConnectionTrait, (email, name, password_hash): (&Email, &str, &str),
    role: GlobalRole, email_verified: bool, now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let id = Uuid::new_v4();
    let row = user::ActiveModel {
        id: Set(id),
        email: Set(email.as_str().to_owned()),
        name: Set(name.to_owned()),
        password_hash: Set(password_hash.to_owned()),
        role: Set(role.as_str().to_owned()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        token_version: Set(0),
        email_verified: Set(email_verified),
    };
    insert(db, row).await?;
    Ok(id)
}

/// Sets the password hash of the account `user_id` (with whatever else `update`, an
/// [`update_user`] of it, sets) and ends everything signed in with the old one, in `txn`:
/// its token version moves on (its access tokens are refused at once), its refresh tokens
/// are revoked and its web sessions deleted.
async fn set_password(
    txn: &Write<'_>, (user_id, update): (Uuid, UpdateMany<user::Entity>), password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    update
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(user::Column::TokenVersion, Expr::col(user::Column::TokenVersion).add(1))
        .exec(&**txn)
        .await?;
    revoke_tokens(&**txn, refresh_token::Column::UserId.eq(user_id), now).await?;
    crate::query::delete_where(&**txn, web_session::Column::UserId, user_id).await?;
    Ok(())
}

/// Records what `actor` did to the account `user_id`, and commits.
async fn commit_user_change(
    txn: Write<'_>, user_id: Uuid, actor: Option<Uuid>, action: &'static str, summary: &str,
) -> Result<(), StoreError> {
    txn.commit_audited(&Audit::new(actor, action, summary), "user", Some(user_id)).await
}

impl Store {
    /// Registers an account whose address is not confirmed yet, and sends it `link` (the
    /// confirmation), in one transaction; `Conflict` (and nothing sent) when the e-mail is
    /// taken.
    pub async fn register_user(
        &self, email: &Email, name: &str, password_hash: &str, link: &EmailLink, now: DateTime<Utc>,
    ) -> Result<User, StoreError> {
        let mut txn = self.write().await?;
        let id =
            insert_user(&*txn, (email, name, password_hash), GlobalRole::User, false, now).await?;
        txn.send_link(id, link, now).await?;
        commit_user_change(txn, id, Some(id), "user.register", "account created").await?;
        self.get_user(id).await
    }

    /// Confirms the address of the account a `verify` link's token belongs to, using the
    /// token. False when the token is unknown, used, expired or made for something else.
    pub async fn confirm_email(
        &self, token_hash: &str, now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let txn = self.write().await?;
        let Some(user_id) = txn.use_link(token_hash, LinkPurpose::Verify, now).await? else {
            return Ok(false);
        };
        update_user(user_id, now)
            .col_expr(user::Column::EmailVerified, Expr::value(true))
            .exec(&*txn)
            .await?;
        let summary = "e-mail address confirmed";
        commit_user_change(txn, user_id, Some(user_id), "user.verify-email", summary).await?;
        Ok(true)
    }

    pub async fn get_user(&self, id: Uuid) -> Result<User, StoreError> {
        let m = user::Entity::find_by_id(id).existing(&self.db).await?;
        to_user(&self.db, m).await
    }

    pub async fn find_user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        match row_where(&self.db, user::Column::Email, email.as_str()).await? {
            Some(m) => Ok(Some(to_user(&self.db, m).await?)),
            None => Ok(None),
        }
    }

    pub async fn credentials(&self, email: &Email) -> Result<Option<Credentials>, StoreError> {
        Ok(row_where(&self.db, user::Column::Email, email.as_str())
            .await?
            .map(|m| Credentials { user_id: m.id, password_hash: m.password_hash }))
    }

    pub async fn password_hash(&self, user_id: Uuid) -> Result<String, StoreError> {
        let m = user::Entity::find_by_id(user_id).existing(&self.db).await?;
        Ok(m.password_hash)
    }

    pub async fn rename_user(&self, user_id: Uuid, name: &str) -> Result<User, StoreError> {
        let txn = self.write().await?;
        update_user(user_id, Utc::now())
            .col_expr(user::Column::Name, Expr::value(name))
            .exec(&*txn)
            .await?;
        commit_user_change(txn, user_id, Some(user_id), "user.rename", "name changed").await?;
        self.get_user(user_id).await
    }

    /// Sets a new password hash, revokes every refresh token of the user and ends every
    /// web session, in one transaction.
    pub async fn change_password(
        &self, user_id: Uuid, password_hash: &str,
    ) -> Result<(), StoreError> {
        let now = Utc::now();
        let txn = self.write().await?;
        set_password(&txn, (user_id, update_user(user_id, now)), password_hash, now).await?;
        let summary = "password changed; sessions revoked";
        commit_user_change(txn, user_id, Some(user_id), "user.password", summary).await
    }

    /// Sets a new password for the account a `reset` link's token belongs to, using the
    /// token, in one transaction: every refresh token is revoked, every web session ended,
    /// the access tokens refused (the token version moves on), and the address counts as
    /// confirmed (the link reached it). False, and nothing changed, when the token is
    /// unknown, used, expired or made for something else.
    pub async fn reset_password(
        &self, token_hash: &str, password_hash: &str, now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let txn = self.write().await?;
        let Some(user_id) = txn.use_link(token_hash, LinkPurpose::Reset, now).await? else {
            return Ok(false);
        };
        let confirmed =
            update_user(user_id, now).col_expr(user::Column::EmailVerified, Expr::value(true));
        set_password(&txn, (user_id, confirmed), password_hash, now).await?;
        let summary = "password reset with an e-mailed link; sessions revoked";
        commit_user_change(txn, user_id, Some(user_id), "user.password-reset", summary).await?;
        Ok(true)
    }

    /// Deletes the account and everything personal about it. Refused while the user is the
    /// last owner of an organisation that is not archived.
    pub async fn delete_user(&self, user_id: Uuid) -> Result<(), StoreError> {
        let txn = self.write().await?;
        crate::ownership::refuse_last_owner(&*txn, user_id).await?;
        // The foreign key cascades too; said here so no backend setting can leave one.
        crate::query::delete_where(&*txn, web_session::Column::UserId, user_id).await?;
        let deleted = user::Entity::delete_by_id(user_id).exec(&*txn).await?;
        if deleted.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        commit_user_change(txn, user_id, Some(user_id), "user.delete", "account deleted").await
    }

    /// Creates an admin, or promotes an existing user (whose password is then replaced).
    /// Returns true when the account was new.
    pub async fn upsert_admin(
        &self, email: &Email, name: &str, password_hash: &str,
    ) -> Result<bool, StoreError> {
        if let Some(existing) = self.find_user_by_email(email).await? {
            let txn = self.write().await?;
            update_user(existing.id, Utc::now())
                .col_expr(user::Column::Role, Expr::value(GlobalRole::Admin.as_str()))
                .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
                .col_expr(user::Column::EmailVerified, Expr::value(true))
                .exec(&*txn)
                .await?;
            let summary = "promoted to admin from the command line";
            commit_user_change(txn, existing.id, None, "user.promote", summary).await?;
            Ok(false)
        } else {
            // Made by whoever runs the server: the address counts as confirmed.
            let txn = self.write().await?;
            let credentials = (email, name, password_hash);
            let id = insert_user(&*txn, credentials, GlobalRole::Admin, true, Utc::now()).await?;
            let summary = "admin created from the command line";
            commit_user_change(txn, id, None, "user.create-admin", summary).await?;
            Ok(true)
        }
    }

    /// Stores a refresh token (by hash only). `family_id` ties the rotations of one login.
    pub async fn insert_refresh_token(
        &self, user_id: Uuid, family_id: Uuid, token_hash: &str, expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        insert_refresh_token(&self.db, user_id, family_id, token_hash, expires_at).await
    }

    /// Uses a refresh token once: marks it used and stores its successor in the same
    /// transaction. A token that was already used revokes its whole family.
    pub async fn rotate_refresh_token(
        &self, token_hash: &str, new_hash: &str, new_expires_at: DateTime<Utc>,
    ) -> Result<Rotation, StoreError> {
        let now = Utc::now();
        let txn = self.write().await?;
        let Some(token) = row_where(&*txn, refresh_token::Column::TokenHash, token_hash).await?
        else {
            return Ok(Rotation::Invalid);
        };
        if token.revoked_at.is_some() || token.expires_at <= now {
            return Ok(Rotation::Invalid);
        }
        // The conditional update is the lock: of two concurrent uses, one marks it.
        let used = refresh_token::Column::UsedAt;
        let marked = mark_once(&*txn, (refresh_token::Column::Id, token.id), used, now).await?;
        if token.used_at.is_some() || !marked {
            revoke_family(&*txn, token.family_id, now).await?;
            let summary = "a used refresh token was presented; its chain was revoked";
            let user = Some(token.user_id);
            commit_user_change(txn, token.user_id, user, "session.reuse", summary).await?;
            return Ok(Rotation::Reused);
        }
        insert_refresh_token(&*txn, token.user_id, token.family_id, new_hash, new_expires_at)
            .await?;
        txn.commit().await?;
        Ok(Rotation::Rotated { user_id: token.user_id })
    }

    /// Logout: revokes the chain the token belongs to. Unknown tokens are ignored.
    /// Logout: revokes the refresh token's chain and ends the account's access tokens (its
    /// token version moves on). An unknown token changes nothing.
    pub async fn revoke_refresh_token(&self, token_hash: &str) -> Result<(), StoreError> {
        let txn = self.write().await?;
        if let Some(token) = row_where(&*txn, refresh_token::Column::TokenHash, token_hash).await? {
            revoke_family(&*txn, token.family_id, Utc::now()).await?;
            user::Entity::update_many()
                .col_expr(user::Column::TokenVersion, Expr::col(user::Column::TokenVersion).add(1))
                .filter(user::Column::Id.eq(token.user_id))
                .exec(&*txn)
                .await?;
        }
        txn.commit().await
    }
}

async fn insert_refresh_token<C: ConnectionTrait>(
    db: &C, user_id: Uuid, family_id: Uuid, token_hash: &str, expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let row = refresh_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user_id),
        family_id: Set(family_id),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(Utc::now()),
        expires_at: Set(expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
    };
    insert(db, row).await
}

async fn revoke_family<C: ConnectionTrait>(
    db: &C, family_id: Uuid, now: DateTime<Utc>,
) -> Result<(), StoreError> {
    revoke_tokens(db, refresh_token::Column::FamilyId.eq(family_id), now).await
}

/// Revokes the matching tokens that are not revoked yet.
async fn revoke_tokens<C: ConnectionTrait>(
    db: &C, which: sea_orm::sea_query::SimpleExpr, now: DateTime<Utc>,
) -> Result<(), StoreError> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(which)
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
