enum EncoreMessagingModule {}
