import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { decrypt, encrypt, type Keyring } from './encryption.util';

/** Encrypts with the current key; decrypts with whichever key the payload names. */
@Injectable()
export class EncryptionService {
  private readonly keyring: Keyring;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.keyring = config.encryption.keyring;
  }

  get currentKeyId(): string {
    return this.config.encryption.keyId;
  }

  encrypt(plaintext: string): string {
    return encrypt(plaintext, this.config.encryption.key, this.config.encryption.keyId);
  }

  decrypt(payload: string): string {
    return decrypt(payload, this.keyring);
  }
}
